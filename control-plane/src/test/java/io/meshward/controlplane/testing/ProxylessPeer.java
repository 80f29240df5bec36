package io.meshward.controlplane.testing;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real grpc-java xDS server (XdsServerBuilder) that takes its listener and RBAC from our control plane over
 * loopback, serving the gRPC health service as the call to allow or deny. Callers can dial it from different
 * loopback addresses (127.0.0.2, 127.0.0.3, ...) so that CIDR rules tell them apart.
 */
public final class ProxylessPeer implements AutoCloseable {
  private final Server server;
  private final int port;

  private ProxylessPeer(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts the server and waits until it has received a valid listener (grpc-java's start() blocks until then).
   */
  public static ProxylessPeer start(int xdsPort, String nodeId, String namespace, String workload, Duration timeout)
      throws Exception {
    Map<String, Object> meshward = new LinkedHashMap<>();
    meshward.put("kind", "proxyless");
    meshward.put("namespace", namespace);
    meshward.put("workload", workload);
    meshward.put("serviceAccount", workload);
    return start(xdsPort, nodeId, meshward, timeout);
  }

  public static ProxylessPeer start(int xdsPort, String nodeId, Map<String, Object> meshwardMetadata,
                                    Duration timeout) throws Exception {
    Map<String, Object> bootstrap = Map.of(
        "xds_servers", List.of(Map.of(
            "server_uri", "127.0.0.1:" + xdsPort,
            "channel_creds", List.of(Map.of("type", "insecure")),
            "server_features", List.of("xds_v3"))),
        "node", Map.of(
            "id", nodeId,
            "cluster", "meshward-tests",
            "metadata", Map.of("meshward", meshwardMetadata)),
        "server_listener_resource_name_template", "grpc/server?xds.resource.listening_address=%s");
    return start(bootstrap, timeout);
  }

  /** Starts a server with a whole grpc-java bootstrap, as parsed from JSON. */
  public static ProxylessPeer start(Map<String, ?> bootstrap, Duration timeout) throws Exception {
    int port = freePort();
    String nodeId = String.valueOf(((Map<?, ?>) bootstrap.get("node")).get("id"));
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
      throw new IllegalStateException("xDS server " + nodeId + " did not start within " + timeout, e);
    }
    return new ProxylessPeer(server, port);
  }

  public int port() {
    return port;
  }

  /** Calls the server from {@code localAddress} (a loopback address) and returns the call's status code. */
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
      HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      channel.shutdownNow();
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
