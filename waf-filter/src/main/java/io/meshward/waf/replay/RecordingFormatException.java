package io.meshward.waf.replay;

/** A recording that cannot be read: names the file, where in it, and what is wrong. */
public final class RecordingFormatException extends Exception {
  public RecordingFormatException(String message) {
    super(message);
  }

  public RecordingFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
