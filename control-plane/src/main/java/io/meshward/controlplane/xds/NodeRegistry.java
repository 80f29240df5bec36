package io.meshward.controlplane.xds;

import io.meshward.controlplane.mesh.NodeIdentity;
import io.meshward.controlplane.translate.ServerListener;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every node the control plane knows: connected ones with their streams, and disconnected ones remembered from the
 * store. Thread-safe; each node's state is guarded by its own record.
 */
public final class NodeRegistry {
  private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

  private final ConcurrentMap<String, NodeRecord> nodes = new ConcurrentHashMap<>();
  private final Clock clock;
  private final XdsMetrics metrics;

  public NodeRegistry(Clock clock, XdsMetrics metrics) {
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Remembers nodes from an earlier run, as disconnected. */
  public void restore(Collection<NodeStatus> statuses) {
    for (NodeStatus status : statuses) {
      nodes.putIfAbsent(status.nodeId(), NodeRecord.restored(status));
    }
  }

  public List<NodeStatus> statuses() {
    return nodes.values().stream()
        .map(NodeRecord::status)
        .sorted(Comparator.comparing(NodeStatus::nodeId))
        .toList();
  }

  public Optional<NodeStatus> status(String nodeId) {
    return Optional.ofNullable(nodes.get(nodeId)).map(NodeRecord::status);
  }

  /**
   * Statuses that changed since they were last taken, for persisting.
   *
   * @param includeRoutine also those changed only by routine traffic (responses sent, ACKs)
   */
  public List<NodeStatus> takeChanged(boolean includeRoutine) {
    return nodes.values().stream().filter(r -> r.takeDirty(includeRoutine)).map(NodeRecord::status).toList();
  }

  public List<String> connectedNodeIds() {
    return nodes.entrySet().stream().filter(e -> e.getValue().connected()).map(e -> e.getKey()).toList();
  }

  Optional<NodeRecord> record(String nodeId) {
    return Optional.ofNullable(nodes.get(nodeId));
  }

  int connectedCount() {
    return (int) nodes.values().stream().filter(NodeRecord::connected).count();
  }

  void streamOpened(AdsStream stream) {
    NodeIdentity identity = stream.identity();
    NodeRecord record = nodes.computeIfAbsent(identity.nodeId(), id -> new NodeRecord(identity, clock.instant()));
    record.streamOpened(stream.id(), identity, clock.instant());
    metrics.streamOpened();
    if (identity.warnings().isEmpty()) {
      log.info("node {} connected: {} {}", identity.nodeId(), identity.kind(), identity.workloadRef());
    } else {
      log.warn("node {} connected: {} {}; {}", identity.nodeId(), identity.kind(), identity.workloadRef(),
          String.join("; ", identity.warnings()));
    }
  }

  /** Returns whether the node has no stream left. */
  boolean streamClosed(AdsStream stream) {
    metrics.streamClosed();
    NodeRecord record = nodes.get(stream.identity().nodeId());
    boolean gone = record == null || record.streamClosed(stream.id(), clock.instant());
    if (gone) {
      log.info("node {} disconnected", stream.identity().nodeId());
    }
    return gone;
  }

  /** Returns whether the node's set of server listeners changed. */
  boolean listenersRequested(AdsStream stream, List<String> names) {
    SortedSet<ServerListener> listeners = new TreeSet<>();
    for (String name : names) {
      ServerListener.fromName(name).ifPresentOrElse(listeners::add,
          () -> log.warn("node {} asked for listener '{}', which names no listening address; it is not served",
              stream.identity().nodeId(), name));
    }
    NodeRecord record = nodes.get(stream.identity().nodeId());
    return record != null && record.listenersRequested(listeners, clock.instant());
  }

  void responseSent(AdsStream stream, String typeUrl, String version) {
    String type = XdsTypes.shortName(typeUrl);
    metrics.responseSent(type);
    record(stream.identity().nodeId()).ifPresent(r -> r.sent(type, version, clock.instant()));
  }

  void acked(AdsStream stream, String typeUrl, String version) {
    String type = XdsTypes.shortName(typeUrl);
    metrics.acked(type);
    record(stream.identity().nodeId()).ifPresent(r -> r.acked(type, version, clock.instant()));
  }

  void nacked(AdsStream stream, String typeUrl, String version, String error) {
    String type = XdsTypes.shortName(typeUrl);
    metrics.nacked(type);
    log.warn("node {} ({}) rejected {} version {}: {}", stream.identity().nodeId(),
        stream.identity().workloadRef(), type, version, error);
    record(stream.identity().nodeId()).ifPresent(r -> r.nacked(type, version, error, clock.instant()));
  }
}
