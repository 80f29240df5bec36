package io.meshward.cli;

/** The {@code meshward} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(MeshwardCommand.newCommandLine(CliEnvironment.system()).execute(args));
  }
}
