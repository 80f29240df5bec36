package io.meshward.waf.seclang;

/** Where a directive was written: the file (or a name for inline text) and the line it starts on. */
public record SourceLocation(String file, int line) {
  @Override
  public String toString() {
    return file + ":" + line;
  }
}
