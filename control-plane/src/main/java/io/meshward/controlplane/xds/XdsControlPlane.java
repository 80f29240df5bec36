package io.meshward.controlplane.xds;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.grpc.BindableService;
import io.meshward.controlplane.mesh.MeshState;
import io.meshward.controlplane.translate.Translator;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The xDS side of the control plane, assembled: snapshot cache, node registry, publisher and gRPC server. Feed it
 * mesh states with {@link #update(MeshState)}; it keeps every connected node's resources in line.
 */
public final class XdsControlPlane implements AutoCloseable {
  private final NodeRegistry registry;
  private final SnapshotPublisher publisher;
  private final XdsServer server;
  private final XdsMetrics metrics;

  public XdsControlPlane(InetSocketAddress bindAddress, Translator translator, MeshState initialState,
                         XdsMetrics metrics, Clock clock, List<BindableService> extraServices) {
    this.metrics = metrics;
    // One snapshot group per node id: nodes of a workload still share snapshot objects (see SnapshotPublisher).
    SimpleCache<String> cache = new SimpleCache<>(node -> node.getId());
    this.registry = new NodeRegistry(clock, metrics);
    this.publisher = new SnapshotPublisher(cache, translator, registry, metrics, initialState, Duration.ofMinutes(5));
    this.server = new XdsServer(bindAddress, cache, new XdsEvents(registry, publisher), extraServices);
    metrics.registry().gauge("meshward.xds.connected.nodes", registry, NodeRegistry::connectedCount);
  }

  public XdsControlPlane start() {
    server.start();
    server.setServing(true);
    return this;
  }

  public int port() {
    return server.port();
  }

  public void update(MeshState state) {
    publisher.update(state);
  }

  public NodeRegistry registry() {
    return registry;
  }

  public SnapshotPublisher publisher() {
    return publisher;
  }

  public XdsMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    server.close();
    publisher.close();
  }
}
