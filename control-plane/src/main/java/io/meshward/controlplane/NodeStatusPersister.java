package io.meshward.controlplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshward.controlplane.api.Json;
import io.meshward.controlplane.store.NodeStatusRow;
import io.meshward.controlplane.store.Store;
import io.meshward.controlplane.xds.NodeRegistry;
import io.meshward.controlplane.xds.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes node statuses that changed to the store in one transaction per flush, and reads them back at start so that
 * operators still see nodes known before a restart. Connections, NACKs and new configurations are written at every
 * flush; changes made only by routine traffic (responses and ACKs, thousands per policy change) every
 * {@value #ROUTINE_EVERY} flushes, and at shutdown.
 */
final class NodeStatusPersister {
  private static final Logger log = LoggerFactory.getLogger(NodeStatusPersister.class);

  private final Store store;
  private final NodeRegistry registry;
  static final int ROUTINE_EVERY = 30;

  private final ObjectMapper json = Json.newMapper();
  private int flushes;

  NodeStatusPersister(Store store, NodeRegistry registry) {
    this.store = store;
    this.registry = registry;
  }

  void restore() {
    List<NodeStatus> statuses = new ArrayList<>();
    for (NodeStatusRow row : store.nodeStatuses()) {
      try {
        statuses.add(json.readValue(row.json(), NodeStatus.class));
      } catch (JsonProcessingException e) {
        log.warn("ignoring the stored status of node {}: {}", row.nodeId(), e.getOriginalMessage());
      }
    }
    registry.restore(statuses);
  }

  /** A periodic flush. */
  void flush() {
    flush(++flushes % ROUTINE_EVERY == 0);
  }

  /** Everything that changed, routine traffic included: at shutdown. */
  void flushAll() {
    flush(true);
  }

  private void flush(boolean includeRoutine) {
    List<NodeStatus> changed = registry.takeChanged(includeRoutine);
    if (changed.isEmpty()) {
      return;
    }
    try {
      store.write(tx -> {
        for (NodeStatus status : changed) {
          tx.putNodeStatus(status.nodeId(), toJson(status), status.lastSeen());
        }
      });
    } catch (RuntimeException e) {
      log.warn("could not persist {} node statuses: {}", changed.size(), e.getMessage());
    }
  }

  private String toJson(NodeStatus status) {
    try {
      return json.writeValueAsString(status);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a node status", e);
    }
  }
}
