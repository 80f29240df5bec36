package io.meshward.controlplane.learn;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The learned graph: per destination workload, the edges observed into it with counts and first and last sighting.
 * Observations arrive from many threads; each workload's part is guarded by its own lock, so workloads learn in
 * parallel. Bounded by {@link LearningLimits}: what does not fit is dropped and counted, never buffered.
 */
public final class LearnedGraph {
  /** What an observation did to the graph. */
  public enum Outcome {
    /** A new edge: in LEARN it joins the allowlist, in MONITOR and ENFORCE it is a proposal. */
    NEW_EDGE,
    /** An edge seen before: its count and last sighting moved. */
    KNOWN_EDGE,
    /** Not learned: no source identity or no destination workload. */
    DROPPED_INCOMPLETE,
    /** Not learned: the workload limit is reached. */
    DROPPED_WORKLOAD_LIMIT,
    /** Not learned: the workload's edge limit is reached. */
    DROPPED_EDGE_LIMIT
  }

  private final LearningLimits limits;
  private final Map<String, WorkloadEdges> workloads = new ConcurrentHashMap<>();
  private final AtomicInteger workloadCount = new AtomicInteger();
  private final Map<Outcome, LongAdder> outcomes = new ConcurrentHashMap<>();

  public LearnedGraph(LearningLimits limits) {
    this.limits = limits;
    for (Outcome outcome : Outcome.values()) {
      outcomes.put(outcome, new LongAdder());
    }
  }

  private final class WorkloadEdges {
    final PathTemplater templater =
        new PathTemplater(limits.maxDistinctSegmentValues(), limits.maxTemplateNodesPerWorkload());
    final Map<LearnedEdge, long[]> edges = new LinkedHashMap<>(); // count, first, last (epoch millis)
    // Edges changed since the last drain: what the store does not have yet.
    Set<LearnedEdge> changed = new HashSet<>();

    synchronized Outcome observe(LearnedEdge edge, long millis) {
      long[] seen = edges.get(edge);
      if (seen != null) {
        seen[0]++;
        seen[1] = Math.min(seen[1], millis);
        seen[2] = Math.max(seen[2], millis);
        changed.add(edge);
        return Outcome.KNOWN_EDGE;
      }
      if (edges.size() >= limits.maxEdgesPerWorkload()) {
        return Outcome.DROPPED_EDGE_LIMIT;
      }
      edges.put(edge, new long[] {1, millis, millis});
      changed.add(edge);
      return Outcome.NEW_EDGE;
    }

    synchronized boolean restore(EdgeHistory history) {
      if (edges.size() >= limits.maxEdgesPerWorkload() && !edges.containsKey(history.edge())) {
        return false;
      }
      edges.put(history.edge(), new long[] {history.count(), history.firstSeen().toEpochMilli(),
          history.lastSeen().toEpochMilli()});
      if (history.edge().pathTemplate() != null) {
        templater.remember(history.edge().pathTemplate());
      }
      return true;
    }

    synchronized void markChanged(List<EdgeHistory> histories) {
      for (EdgeHistory history : histories) {
        if (edges.containsKey(history.edge())) {
          changed.add(history.edge());
        }
      }
    }

    synchronized List<EdgeHistory> drainChanged() {
      List<EdgeHistory> out = new ArrayList<>(changed.size());
      for (LearnedEdge edge : changed) {
        long[] seen = edges.get(edge);
        out.add(new EdgeHistory(edge, seen[0], Instant.ofEpochMilli(seen[1]), Instant.ofEpochMilli(seen[2])));
      }
      changed = new HashSet<>();
      return out;
    }

    synchronized List<EdgeHistory> snapshot() {
      List<EdgeHistory> out = new ArrayList<>(edges.size());
      edges.forEach((edge, seen) -> out.add(new EdgeHistory(edge, seen[0], Instant.ofEpochMilli(seen[1]),
          Instant.ofEpochMilli(seen[2]))));
      return out;
    }
  }

  /** Learns from one observation; see {@link Outcome}. */
  public Outcome observe(Observation observation) {
    Outcome outcome = learn(observation);
    outcomes.get(outcome).increment();
    return outcome;
  }

  private Outcome learn(Observation o) {
    SourceIdentity source = SourceIdentity.of(o.sourcePrincipal(), o.sourceAddress());
    String workload = o.destinationWorkload();
    if (source == null || workload == null || workload.isBlank()) {
      return Outcome.DROPPED_INCOMPLETE;
    }
    WorkloadEdges edges = workloads.get(workload);
    if (edges == null) {
      edges = admit(workload);
      if (edges == null) {
        return Outcome.DROPPED_WORKLOAD_LIMIT;
      }
    }
    boolean http = o.method() != null && !o.method().isBlank();
    String protocol = protocol(o.protocol(), http);
    String method = http ? o.method().toUpperCase(Locale.ROOT) : null;
    String template = http ? edges.templater.template(o.path() == null ? "/" : o.path()) : null;
    long millis = o.time() == null ? System.currentTimeMillis() : o.time().toEpochMilli();
    return edges.observe(new LearnedEdge(source, o.port(), protocol, method, template), millis);
  }

  /**
   * "http" for every HTTP version (HTTP/1.1 and HTTP/2 calls are the same permission), else the protocol in lower
   * case; "tcp" when unknown.
   */
  static String protocol(String reported, boolean http) {
    String p = reported == null ? "" : reported.strip().toLowerCase(Locale.ROOT);
    if (http || p.startsWith("http")) {
      return "http";
    }
    return p.isEmpty() ? "tcp" : p;
  }

  /** The workload's edges, made when there is room under the workload limit; null when there is none. */
  private WorkloadEdges admit(String workload) {
    return workloads.computeIfAbsent(workload, w -> {
      if (workloadCount.incrementAndGet() > limits.maxWorkloads()) {
        workloadCount.decrementAndGet();
        return null;
      }
      return new WorkloadEdges();
    });
  }

  /**
   * Puts an edge read back from the store into the graph, with its count and sightings; false when the limits
   * leave no room for it. Not a change: the store has it.
   */
  public boolean restore(String workload, EdgeHistory history) {
    WorkloadEdges edges = workloads.get(workload);
    if (edges == null) {
      edges = admit(workload);
    }
    return edges != null && edges.restore(history);
  }

  /** The edges changed since the last call, per workload (each with its totals), and forgets that they changed. */
  public Map<String, List<EdgeHistory>> drainChanged() {
    Map<String, List<EdgeHistory>> out = new TreeMap<>();
    workloads.forEach((workload, edges) -> {
      List<EdgeHistory> changed = edges.drainChanged();
      if (!changed.isEmpty()) {
        out.put(workload, changed);
      }
    });
    return out;
  }

  /** Marks edges as changed again (a flush that failed), so that the next flush writes them. */
  public void markChanged(Map<String, List<EdgeHistory>> edges) {
    edges.forEach((workload, histories) -> {
      WorkloadEdges known = workloads.get(workload);
      if (known != null) {
        known.markChanged(histories);
      }
    });
  }

  /** The edges into {@code workload}, by source, then port, method and path; empty when none were learned. */
  public List<EdgeHistory> edges(String workload) {
    WorkloadEdges edges = workloads.get(workload);
    if (edges == null) {
      return List.of();
    }
    List<EdgeHistory> out = edges.snapshot();
    out.sort(Comparator.comparing((EdgeHistory h) -> h.edge().source().value())
        .thenComparingInt(h -> h.edge().port())
        .thenComparing(h -> String.valueOf(h.edge().method()))
        .thenComparing(h -> String.valueOf(h.edge().pathTemplate())));
    return out;
  }

  /** How many destination workloads have learned edges. */
  public int workloadCount() {
    return workloads.size();
  }

  /** The destination workloads with learned edges, sorted. */
  public Set<String> workloads() {
    return new TreeSet<>(workloads.keySet());
  }

  /** How many observations had each outcome since the graph was made. */
  public long count(Outcome outcome) {
    return outcomes.get(outcome).sum();
  }
}
