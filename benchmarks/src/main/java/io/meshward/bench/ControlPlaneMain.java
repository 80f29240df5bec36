package io.meshward.bench;

import io.meshward.controlplane.ControlPlane;
import io.meshward.controlplane.ControlPlaneConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one control plane, alone in its JVM, until the process is told to stop (SIGTERM): what
 * {@link AdsFanoutBenchmark} starts as its child so that the control plane's heap is measured without the load
 * driver's.
 *
 * <pre>
 * java -cp meshward-benchmarks.jar io.meshward.bench.ControlPlaneMain --data-dir DIR [--host 127.0.0.1]
 *     [--xds-port 0] [--admin-port 0]
 * </pre>
 * Prints {@code READY xds=PORT admin=PORT pid=PID} on stdout once it serves.
 */
public final class ControlPlaneMain {
  private ControlPlaneMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path dataDir = null;
    String host = "127.0.0.1";
    int xdsPort = 0;
    int adminPort = 0;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (i + 1 >= args.length) {
        throw usage("missing value after " + arg);
      }
      String value = args[++i];
      switch (arg) {
        case "--data-dir" -> dataDir = Path.of(value);
        case "--host" -> host = value;
        case "--xds-port" -> xdsPort = Integer.parseInt(value);
        case "--admin-port" -> adminPort = Integer.parseInt(value);
        default -> throw usage("unknown option " + arg);
      }
    }
    if (dataDir == null) {
      throw usage("--data-dir is required");
    }
    ControlPlaneConfig config = ControlPlaneConfig.defaults()
        .withDataDir(dataDir)
        .withXdsAddress(new InetSocketAddress(host, xdsPort))
        .withAdminAddress(new InetSocketAddress(host, adminPort));
    ControlPlane controlPlane = ControlPlane.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        controlPlane.close();
      } finally {
        stopped.countDown();
      }
    }, "meshward-bench-shutdown"));
    System.out.println("READY xds=" + controlPlane.xdsPort() + " admin=" + controlPlane.adminPort()
        + " pid=" + ProcessHandle.current().pid());
    System.out.flush();
    stopped.await();
  }

  private static IllegalArgumentException usage(String problem) {
    return new IllegalArgumentException(problem
        + "; usage: ControlPlaneMain --data-dir DIR [--host H] [--xds-port P] [--admin-port P]");
  }
}
