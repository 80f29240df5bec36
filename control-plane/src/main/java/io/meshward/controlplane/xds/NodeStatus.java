package io.meshward.controlplane.xds;

import io.meshward.controlplane.mesh.NodeIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the control plane knows of a node, as operators see it in {@code meshward workloads}.
 *
 * @param connected whether at least one ADS stream of the node is open
 * @param mode the mode in force, with {@code modeSource} saying why; empty before the first translation
 * @param policy the governing WorkloadPolicy, "namespace/name", or empty
 * @param configVersion the version of everything the node is being served (all types)
 * @param types per resource type (LDS, RDS, CDS): what was sent, ACKed and NACKed
 * @param lastAck the latest ACK of any type
 * @param lastNack the latest NACK of any type, with the node's error
 * @param warnings problems with the node's metadata or with its policies
 */
public record NodeStatus(
    NodeIdentity identity,
    boolean connected,
    Instant connectedAt,
    Instant lastSeen,
    String mode,
    String modeSource,
    String policy,
    String configVersion,
    Map<String, TypeStatus> types,
    Optional<Ack> lastAck,
    Optional<Nack> lastNack,
    List<String> serverListeners,
    List<String> warnings) {

  public NodeStatus {
    types = Map.copyOf(types);
    lastAck = lastAck == null ? Optional.empty() : lastAck;
    lastNack = lastNack == null ? Optional.empty() : lastNack;
    serverListeners = List.copyOf(serverListeners);
    warnings = List.copyOf(warnings);
  }

  public String nodeId() {
    return identity.nodeId();
  }

  /**
   * @param served the version of the snapshot the node is being served
   * @param sent the version of the latest response sent on its stream
   * @param acked the latest version the node accepted
   * @param nackCount how many NACKs of this type the node has sent
   */
  public record TypeStatus(String served, String sent, String acked, Instant ackedAt, long nackCount,
                           Optional<Nack> lastNack) {}

  public record Ack(String type, String version, Instant at) {}

  public record Nack(String type, String version, String error, Instant at) {}
}
