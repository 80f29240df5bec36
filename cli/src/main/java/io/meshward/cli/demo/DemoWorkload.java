package io.meshward.cli.demo;

import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.xds.XdsServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A workload as a proxyless grpc-java xDS server: it takes its listener and RBAC from the control plane over ADS and
 * enforces them, as a sidecar would. Callers are told apart by their loopback source address (127.0.0.2, ...),
 * which Linux routes to the local host.
 */
public final class DemoWorkload implements AutoCloseable {
  /** The gRPC path of the health check every call makes: what the sidecar's access log records. */
  public static final String CALL_PATH = "/grpc.health.v1.Health/Check";

  private final Server server;
  private final int port;

  private DemoWorkload(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts the server and waits until the control plane has configured it. */
  public static DemoWorkload start(int xdsPort, String namespace, String workload, Duration timeout)
      throws Exception {
    Map<String, Object> bootstrap = Map.of(
        "xds_servers", List.of(Map.of(
            "server_uri", "127.0.0.1:" + xdsPort,
            "channel_creds", List.of(Map.of("type", "insecure")),
            "server_features", List.of("xds_v3"))),
        "node", Map.of(
            "id", workload + "-demo-1",
            "cluster", "meshward-demo",
            "metadata", Map.of("meshward", Map.of("kind", "proxyless", "namespace", namespace, "workload", workload,
                "serviceAccount", workload))),
        "server_listener_resource_name_template", "grpc/server?xds.resource.listening_address=%s");
    int port = freePort();
    // The bootstrap is given in code: the demo runs in one process with no bootstrap file to point at.
    Server server = XdsServerBuilder
        .forAddress(new InetSocketAddress("127.0.0.1", port), InsecureServerCredentials.create())
        .overrideBootstrapForTest(bootstrap)
        .addService(new HealthStatusManager().getHealthService())
        .build();
    CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
      try {
        server.start();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      server.shutdownNow();
      throw new IllegalStateException("the xDS server for " + namespace + "/" + workload + " did not get its"
          + " configuration within " + timeout, e);
    }
    return new DemoWorkload(server, port);
  }

  public int port() {
    return port;
  }

  /** Calls the workload from {@code localAddress} and returns the call's status. */
  public Status.Code callFrom(String localAddress) {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
          @Override
          public java.net.SocketAddress createSocketAddress(java.net.SocketAddress remote,
                                                            io.grpc.Attributes attrs) {
            return new InetSocketAddress(localAddress, 0);
          }
        })
        .build();
    try {
      HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      channel.shutdownNow();
    }
  }

  /** Calls until the answer is {@code expected} or {@code within} passes; returns the last answer. */
  public Status.Code awaitCall(String localAddress, Status.Code expected, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    Status.Code code = callFrom(localAddress);
    while (code != expected && System.nanoTime() < deadline) {
      Thread.sleep(25);
      code = callFrom(localAddress);
    }
    return code;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
