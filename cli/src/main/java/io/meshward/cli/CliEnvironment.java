package io.meshward.cli;

import java.io.InputStream;
import java.time.Clock;
import java.util.Objects;

/**
 * What the commands take from the process beyond their arguments, passed in rather than read from globals so that
 * tests can run every command in-process.
 *
 * @param stdin what {@code -f -} reads
 * @param clock for "last seen 3m ago"
 * @param shutdown when {@code meshward up} stops
 */
record CliEnvironment(InputStream stdin, Clock clock, ShutdownSignal shutdown) {
  CliEnvironment {
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(shutdown, "shutdown");
  }

  static CliEnvironment system() {
    return new CliEnvironment(System.in, Clock.systemUTC(), ShutdownSignal.jvmShutdown());
  }
}
