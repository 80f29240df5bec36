package io.meshward.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A control plane in a JVM of its own ({@link ControlPlaneMain}), started with the benchmark's classpath, a fixed
 * heap limit and G1, on free loopback ports and a fresh data directory. Knows its pid, so that its CPU time, RSS
 * and heap can be read, and it can be told to collect garbage.
 */
final class ChildControlPlane implements AutoCloseable {
  /** Linux reports CPU times in clock ticks; 100 per second on every x86-64 and arm64 kernel in use. */
  private static final double CLOCK_TICKS_PER_SECOND = 100.0;

  private final Process process;
  private final Path dataDir;
  private final Path runDir;
  private final int xdsPort;
  private final int adminPort;
  private final List<String> command;

  private ChildControlPlane(Process process, Path dataDir, Path runDir, int xdsPort, int adminPort,
                            List<String> command) {
    this.process = process;
    this.dataDir = dataDir;
    this.runDir = runDir;
    this.xdsPort = xdsPort;
    this.adminPort = adminPort;
    this.command = command;
  }

  /**
   * @param jvmArgs extra JVM options (after -Xmx and -XX:+UseG1GC, so they can override them)
   * @param runDir where the child's stdout, stderr and GC log go
   */
  static ChildControlPlane start(String xmx, List<String> jvmArgs, boolean gcLog, String jfrSettings, Path runDir,
                                 Duration readyTimeout) throws IOException, InterruptedException {
    Files.createDirectories(runDir);
    Path dataDir = Files.createTempDirectory("meshward-bench-data-");
    int xdsPort = freePort();
    int adminPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + xmx);
    command.add("-XX:+UseG1GC");
    if (gcLog) {
      command.add("-Xlog:gc*:file=" + runDir.resolve("cp-gc.log") + ":uptime,level,tags");
    }
    if (jfrSettings != null) {
      command.add("-XX:StartFlightRecording=filename=" + runDir.resolve("cp.jfr") + ",settings=" + jfrSettings
          + ",dumponexit=true");
    }
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ControlPlaneMain.class.getName());
    command.add("--data-dir");
    command.add(dataDir.toString());
    command.add("--xds-port");
    command.add(Integer.toString(xdsPort));
    command.add("--admin-port");
    command.add(Integer.toString(adminPort));
    Process process = new ProcessBuilder(command)
        .redirectOutput(runDir.resolve("cp-stdout.log").toFile())
        .redirectError(runDir.resolve("cp-stderr.log").toFile())
        .start();
    ChildControlPlane child = new ChildControlPlane(process, dataDir, runDir, xdsPort, adminPort, command);
    try {
      child.awaitReady(readyTimeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      child.close();
      throw e;
    }
    return child;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    AdminHttp admin = new AdminHttp(adminPort);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the control plane exited with status " + process.exitValue()
            + " before it was ready; see " + runDir.resolve("cp-stderr.log") + ":\n" + tail("cp-stderr.log"));
      }
      try {
        if (admin.get("/readyz").status() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the control plane was not ready within " + timeout);
      }
      Thread.sleep(50);
    }
  }

  long pid() {
    return process.pid();
  }

  int xdsPort() {
    return xdsPort;
  }

  int adminPort() {
    return adminPort;
  }

  List<String> command() {
    return command;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** User + system CPU seconds the child has used so far (from /proc/PID/stat). */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // After "pid (comm) ": state is field 3 of the man page, utime 14 and stime 15.
      long utime = Long.parseLong(fields[14 - 3]);
      long stime = Long.parseLong(fields[15 - 3]);
      return (utime + stime) / CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Resident set size in bytes (VmRSS of /proc/PID/status), or -1. */
  long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Gone.
    }
    return -1;
  }

  /** Runs {@code jcmd PID <command...>} and returns its output. */
  String jcmd(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    command.add(Long.toString(pid()));
    command.addAll(List.of(arguments));
    Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = jcmd.getInputStream().readAllBytes();
    if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
      jcmd.destroyForcibly();
      throw new IOException("jcmd " + String.join(" ", arguments) + " did not finish");
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (jcmd.exitValue() != 0) {
      throw new IOException("jcmd " + String.join(" ", arguments) + " failed (" + jcmd.exitValue() + "): " + text);
    }
    return text;
  }

  String tail(String logFile) {
    try {
      List<String> lines = Files.readAllLines(runDir.resolve(logFile));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e.getMessage() + ")";
    }
  }

  /** Stops the control plane (SIGTERM, then SIGKILL after 20 s) and deletes its data directory. */
  @Override
  public void close() {
    try {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      deleteRecursively(dataDir);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
