package io.meshward.controlplane.xds;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The control plane's gRPC server: ADS for sidecars and proxyless servers, gRPC health and reflection, and whatever
 * other services later parts add (access logs, security events).
 */
public final class XdsServer implements AutoCloseable {
  /** Large enough for any snapshot we send; bounds what a peer can make us buffer. */
  private static final int MAX_INBOUND_MESSAGE_BYTES = 4 * 1024 * 1024;

  private final Server server;
  private final InetSocketAddress address;
  private final HealthStatusManager health = new HealthStatusManager();

  /**
   * @param cache the snapshot cache the publisher fills
   * @param events told about streams, ACKs and NACKs
   * @param extraServices further services served on the same port
   */
  public XdsServer(InetSocketAddress address, SimpleCache<String> cache, XdsEvents events,
                   List<BindableService> extraServices) {
    this.address = address;
    V3DiscoveryServer discovery = new V3DiscoveryServer(
        List.of(),
        new NackAwareConfigWatcher(cache),
        new DefaultExecutorGroup(),
        new SharedResourceSerializer());
    NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .addService(new TrackedAdsService(discovery.getAggregatedDiscoveryServiceImpl(), events))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance());
    extraServices.forEach(builder::addService);
    this.server = builder.build();
  }

  public XdsServer start() {
    try {
      server.start();
    } catch (IOException e) {
      String reason = e.getCause() != null && e.getCause().getMessage() != null
          ? e.getCause().getMessage()
          : e.getMessage();
      throw new UncheckedIOException("cannot listen for xDS on " + address.getHostString() + ":" + address.getPort()
          + ": " + reason, e);
    }
    return this;
  }

  /** The bound port (useful when started on port 0). */
  public int port() {
    return server.getPort();
  }

  public void setServing(boolean serving) {
    health.setStatus("", serving
        ? io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING
        : io.grpc.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING);
  }

  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
