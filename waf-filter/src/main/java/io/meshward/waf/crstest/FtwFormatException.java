package io.meshward.waf.crstest;

/** A go-ftw test file (or an overrides file) that cannot be read; the message names the file and line. */
public final class FtwFormatException extends Exception {
  public FtwFormatException(String message) {
    super(message);
  }

  public FtwFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
