package io.meshward.waf.bodyprocessors;

/**
 * Counts what a processor collects against the arguments limit and the collected-bytes guard. Not thread-safe; one
 * per processing run.
 */
final class Budget {
  private final int maxArgs;
  private final long maxBytes;
  private int args;
  private long bytes;
  private boolean argsExceeded;
  private boolean bytesExceeded;

  /**
   * @param maxArgs arguments allowed in all
   * @param alreadyUsed arguments already counted (ARGS_GET before a body)
   * @param maxBytes chars of names and values allowed
   */
  Budget(int maxArgs, int alreadyUsed, long maxBytes) {
    this.maxArgs = maxArgs;
    this.args = Math.max(0, alreadyUsed);
    this.maxBytes = maxBytes;
  }

  /** Takes one argument of the given size; false (and the reason recorded) when a limit says no. */
  boolean takeArg(int chars) {
    if (args >= maxArgs) {
      argsExceeded = true;
      return false;
    }
    if (!takeBytes(chars)) {
      return false;
    }
    args++;
    return true;
  }

  /** Takes chars for a value that is not an argument (a header, an XML text); false past the guard. */
  boolean takeBytes(long chars) {
    if (bytes + chars > maxBytes) {
      bytesExceeded = true;
      return false;
    }
    bytes += chars;
    return true;
  }

  boolean argsExceeded() {
    return argsExceeded;
  }

  boolean bytesExceeded() {
    return bytesExceeded;
  }

  int maxArgs() {
    return maxArgs;
  }

  long maxBytes() {
    return maxBytes;
  }
}
