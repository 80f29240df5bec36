package io.meshward.waf.crstest;

/** A header as a test wrote it, or as the emulated server parsed it: name and value text, case kept. */
public record HeaderField(String name, String value) {
  @Override
  public String toString() {
    return name + ": " + value;
  }
}
