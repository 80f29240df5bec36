package io.meshward.waf.operators;

/** An operator cannot be built: unknown name, bad argument, missing data file, a regex that does not compile. */
public final class OperatorException extends Exception {
  public OperatorException(String message) {
    super(message);
  }

  public OperatorException(String message, Throwable cause) {
    super(message, cause);
  }
}
