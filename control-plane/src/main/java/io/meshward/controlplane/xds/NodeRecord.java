package io.meshward.controlplane.xds;

import io.meshward.controlplane.mesh.NodeIdentity;
import io.meshward.controlplane.translate.NodeResources;
import io.meshward.controlplane.translate.ServerListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** The mutable state of one node; every method is synchronized on the record. */
final class NodeRecord {
  private NodeIdentity identity;
  private final Set<Long> streams = new HashSet<>();
  private Instant connectedAt;
  private Instant lastSeen;
  private SortedSet<ServerListener> serverListeners = new TreeSet<>();
  private NodeResources served;
  private final Map<String, MutableTypeStatus> types = new LinkedHashMap<>();
  private NodeStatus.Ack lastAck;
  private NodeStatus.Nack lastNack;
  /** Changed in a way operators must see after a restart: connected, disconnected, served, NACKed. */
  private boolean dirty = true;
  /** Changed only by routine traffic (responses sent, ACKs): worth persisting, not every second. */
  private boolean routineDirty;

  NodeRecord(NodeIdentity identity, Instant now) {
    this.identity = identity;
    this.connectedAt = now;
    this.lastSeen = now;
  }

  /** A node known from the store, not connected since this control plane started. */
  static NodeRecord restored(NodeStatus status) {
    NodeRecord record = new NodeRecord(status.identity(), status.connectedAt());
    record.lastSeen = status.lastSeen();
    record.lastAck = status.lastAck().orElse(null);
    record.lastNack = status.lastNack().orElse(null);
    record.dirty = false;
    return record;
  }

  synchronized NodeIdentity identity() {
    return identity;
  }

  synchronized boolean connected() {
    return !streams.isEmpty();
  }

  synchronized SortedSet<ServerListener> serverListeners() {
    return new TreeSet<>(serverListeners);
  }

  synchronized NodeResources served() {
    return served;
  }

  synchronized void streamOpened(long streamId, NodeIdentity identity, Instant now) {
    if (streams.isEmpty()) {
      connectedAt = now;
    }
    streams.add(streamId);
    this.identity = identity;
    touch(now);
  }

  /** Returns whether the node has no stream left. */
  synchronized boolean streamClosed(long streamId, Instant now) {
    streams.remove(streamId);
    touch(now);
    return streams.isEmpty();
  }

  /** Returns whether the set changed. */
  synchronized boolean listenersRequested(SortedSet<ServerListener> listeners, Instant now) {
    touch(now);
    if (listeners.equals(serverListeners)) {
      return false;
    }
    serverListeners = new TreeSet<>(listeners);
    return true;
  }

  synchronized void served(NodeResources resources) {
    served = resources;
    type("LDS").served = resources.versions().listeners();
    type("RDS").served = resources.versions().routes();
    type("CDS").served = resources.versions().clusters();
    dirty = true;
  }

  synchronized void sent(String type, String version, Instant now) {
    type(type).sent = version;
    touchRoutine(now);
  }

  synchronized void acked(String type, String version, Instant now) {
    MutableTypeStatus status = type(type);
    status.acked = version;
    status.ackedAt = now;
    lastAck = new NodeStatus.Ack(type, version, now);
    touchRoutine(now);
  }

  synchronized void nacked(String type, String version, String error, Instant now) {
    MutableTypeStatus status = type(type);
    status.nackCount++;
    status.lastNack = new NodeStatus.Nack(type, version, error, now);
    lastNack = status.lastNack;
    touch(now);
  }

  /**
   * Returns whether the status changed since it was last taken, and clears the mark.
   *
   * @param includeRoutine also count changes made only by routine traffic (sends and ACKs)
   */
  synchronized boolean takeDirty(boolean includeRoutine) {
    boolean was = dirty || (includeRoutine && routineDirty);
    if (was) {
      dirty = false;
      routineDirty = false;
    }
    return was;
  }

  synchronized NodeStatus status() {
    Map<String, NodeStatus.TypeStatus> typeStatuses = new LinkedHashMap<>();
    types.forEach((name, t) -> typeStatuses.put(name, new NodeStatus.TypeStatus(t.served, t.sent, t.acked,
        t.ackedAt, t.nackCount, Optional.ofNullable(t.lastNack))));
    List<String> warnings = new ArrayList<>(identity.warnings());
    if (served != null) {
      warnings.addAll(served.workload().warnings());
    }
    return new NodeStatus(
        identity,
        !streams.isEmpty(),
        connectedAt,
        lastSeen,
        served == null ? "" : served.workload().mode().name(),
        served == null ? "" : served.workload().modeSource().name(),
        served == null ? "" : served.workload().policyName(),
        served == null ? "" : served.versions().combined(),
        typeStatuses,
        Optional.ofNullable(lastAck),
        Optional.ofNullable(lastNack),
        serverListeners.stream().map(ServerListener::name).toList(),
        warnings);
  }

  private void touch(Instant now) {
    lastSeen = now;
    dirty = true;
  }

  private void touchRoutine(Instant now) {
    lastSeen = now;
    routineDirty = true;
  }

  private MutableTypeStatus type(String type) {
    return types.computeIfAbsent(type, t -> new MutableTypeStatus());
  }

  private static final class MutableTypeStatus {
    String served = "";
    String sent = "";
    String acked = "";
    Instant ackedAt;
    long nackCount;
    NodeStatus.Nack lastNack;
  }
}
