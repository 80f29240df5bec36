package io.meshward.controlplane.learn;

import io.meshward.controlplane.store.LearnedEdgeRow;
import io.meshward.controlplane.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps the learned graph in the store: {@link #load} fills a graph from it when the control plane starts, and
 * {@link #flush} writes what changed since the last flush, in one transaction. Observations arrive far faster than
 * a database takes single writes, so the graph is written behind, in batches; what a crash loses is at most one
 * flush interval of counts, never an edge that was flushed.
 */
public final class LearnedGraphStore {
  private final Store store;

  public LearnedGraphStore(Store store) {
    this.store = store;
  }

  /** Fills {@code graph} with the stored edges; returns how many did not fit its limits. */
  public int load(LearnedGraph graph) {
    int dropped = 0;
    for (LearnedEdgeRow row : store.learnedEdges()) {
      SourceIdentity source = new SourceIdentity(SourceIdentity.Kind.valueOf(row.sourceKind()), row.source());
      boolean http = !row.method().isEmpty();
      LearnedEdge edge = new LearnedEdge(source, row.port(), row.protocol(), http ? row.method() : null,
          http ? row.pathTemplate() : null);
      EdgeHistory history = new EdgeHistory(edge, row.count(), row.firstSeen(), row.lastSeen(),
          EdgeState.valueOf(row.state()), row.violations());
      if (!graph.restore(row.workload(), history)) {
        dropped++;
      }
    }
    return dropped;
  }

  /** Writes the edges changed since the last flush; returns how many. */
  public int flush(LearnedGraph graph) {
    Map<String, List<EdgeHistory>> changed = graph.drainChanged();
    List<LearnedEdgeRow> rows = new ArrayList<>();
    changed.forEach((workload, edges) -> {
      for (EdgeHistory h : edges) {
        LearnedEdge e = h.edge();
        rows.add(new LearnedEdgeRow(workload, e.source().kind().name(), e.source().value(), e.port(), e.protocol(),
            e.method() == null ? "" : e.method(), e.pathTemplate() == null ? "" : e.pathTemplate(), h.count(),
            h.firstSeen(), h.lastSeen(), h.state().name(), h.violations()));
      }
    });
    try {
      store.saveLearnedEdges(rows);
    } catch (RuntimeException e) {
      graph.markChanged(changed);
      throw e;
    }
    return rows.size();
  }
}
