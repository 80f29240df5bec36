package io.meshward.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code meshward} commands in-process, as {@link Main} would, and captures what they print. */
final class MeshwardCli {
  /** What a command did: its exit code, and what it printed on stdout and stderr. */
  record Result(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    List<String> errLines() {
      return err.isEmpty() ? List.of() : List.of(err.split("\n"));
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final String server;
  private final ShutdownSignal shutdown;
  private final Clock clock;

  private MeshwardCli(String server, ShutdownSignal shutdown, Clock clock) {
    this.server = server;
    this.shutdown = shutdown;
    this.clock = clock;
  }

  /** For commands that need no control plane. */
  static MeshwardCli offline() {
    return new MeshwardCli(null, stop -> {
      throw new AssertionError("this test does not expect `meshward up` to block");
    }, Clock.systemUTC());
  }

  /** For commands that talk to the control plane at {@code serverUrl}: every command gets {@code --server}. */
  static MeshwardCli against(String serverUrl) {
    return offline().withServer(serverUrl);
  }

  MeshwardCli withServer(String serverUrl) {
    return new MeshwardCli(serverUrl, shutdown, clock);
  }

  MeshwardCli withShutdown(ShutdownSignal signal) {
    return new MeshwardCli(server, signal, clock);
  }

  MeshwardCli withClock(Clock fixed) {
    return new MeshwardCli(server, shutdown, fixed);
  }

  /** {@code meshward ARGS --server URL}. */
  Result run(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    if (server != null) {
      all.add("--server");
      all.add(server);
    }
    return runExactly("", all.toArray(String[]::new));
  }

  /** Like {@link #run} with {@code stdin} as standard input. */
  Result runWithStdin(String stdin, String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    if (server != null) {
      all.add("--server");
      all.add(server);
    }
    return runExactly(stdin, all.toArray(String[]::new));
  }

  /** {@code meshward ARGS}, nothing added. */
  Result runExactly(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment environment = new CliEnvironment(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), clock, shutdown);
    CommandLine commandLine = MeshwardCommand.newCommandLine(environment);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }
}
