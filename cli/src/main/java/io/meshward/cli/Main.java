package io.meshward.cli;

/** The {@code meshward} command. */
public final class Main {
  private Main() {}

  /** Netty's switch for its buffer leak detector (a system property, read once when Netty's classes load). */
  static final String NETTY_LEAK_DETECTION = "io.netty.leakDetection.level";

  public static void main(String[] args) {
    // Netty's default samples about one buffer in a hundred and records a stack trace for each on the gRPC path,
    // about 2 % of the transport thread's CPU under load: a debugging aid, off in a released server. An operator
    // chasing a leak sets it back with JAVA_OPTS=-Dio.netty.leakDetection.level=paranoid. Tests keep the default.
    if (System.getProperty(NETTY_LEAK_DETECTION) == null) {
      System.setProperty(NETTY_LEAK_DETECTION, "disabled");
    }
    System.exit(MeshwardCommand.newCommandLine(CliEnvironment.system()).execute(args));
  }
}
