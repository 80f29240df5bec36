package io.meshward.controlplane.store;

import java.time.Instant;
import java.util.Objects;

/** The last known state of one xDS node: an opaque JSON document and when the node was last seen (millis). */
public record NodeStatusRow(String nodeId, String json, Instant lastSeen) {
  public NodeStatusRow {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }
}
