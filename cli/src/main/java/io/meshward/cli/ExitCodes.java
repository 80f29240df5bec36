package io.meshward.cli;

/** What {@code meshward} exits with, so that scripts can tell a refused change from a control plane that is down. */
public final class ExitCodes {
  /** Done. */
  public static final int OK = 0;
  /** The control plane refused the request (invalid policy, unknown node...), or a local check failed. */
  public static final int REFUSED = 1;
  /** The command line itself is wrong: unknown option, bad mode target, missing argument. */
  public static final int USAGE = 2;
  /** The control plane could not be reached at all. */
  public static final int UNREACHABLE = 3;

  private ExitCodes() {}
}
