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
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import io.meshward.policy.model.Mode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The learned graph: per destination workload, the edges observed into it with counts and first and last sighting,
 * each in the allowlist or proposed or rejected ({@link EdgeState}), by the workload's mode when it was first seen.
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
  private final Function<String, Mode> modeOf;
  private final WrittenAllowlist written;
  private final AtomicBoolean allowlistChanged = new AtomicBoolean(true);
  private final Map<String, WorkloadEdges> workloads = new ConcurrentHashMap<>();
  private final AtomicInteger workloadCount = new AtomicInteger();
  private final Map<Outcome, LongAdder> outcomes = new ConcurrentHashMap<>();

  /** A graph in which every workload learns (LEARN): for tests and tools. */
  public LearnedGraph(LearningLimits limits) {
    this(limits, workload -> Mode.LEARN, WrittenAllowlist.NONE);
  }

  /** Whether a workload's written policy (not what was learned) allows a flow. */
  @FunctionalInterface
  public interface WrittenAllowlist {
    WrittenAllowlist NONE = (workload, observation) -> false;

    boolean allows(String workload, Observation observation);
  }

  /**
   * @param modeOf the mode a workload ("namespace/name") is in now: in LEARN new edges join the allowlist, in
   *     MONITOR and ENFORCE they are proposals and sightings outside the allowlist are violations
   */
  public LearnedGraph(LearningLimits limits, Function<String, Mode> modeOf) {
    this(limits, modeOf, WrittenAllowlist.NONE);
  }

  /**
   * @param written whether the workload's written policy allows a flow: in MONITOR and ENFORCE such a flow is no
   *     violation, and a new edge it makes is in the allowlist already (asked only for flows outside the learned
   *     allowlist)
   */
  public LearnedGraph(LearningLimits limits, Function<String, Mode> modeOf, WrittenAllowlist written) {
    this.limits = limits;
    this.modeOf = modeOf;
    this.written = written;
    for (Outcome outcome : Outcome.values()) {
      outcomes.put(outcome, new LongAdder());
    }
  }

  /** What the graph keeps of one edge; guarded by its workload's lock. */
  private static final class EdgeRecord {
    long count;
    long first;
    long last;
    EdgeState state;
    long violations;

    EdgeRecord(long count, long first, long last, EdgeState state, long violations) {
      this.count = count;
      this.first = first;
      this.last = last;
      this.state = state;
      this.violations = violations;
    }

    EdgeHistory history(LearnedEdge edge) {
      return new EdgeHistory(edge, count, Instant.ofEpochMilli(first), Instant.ofEpochMilli(last), state, violations);
    }
  }

  private final class WorkloadEdges {
    final PathTemplater templater =
        new PathTemplater(limits.maxDistinctSegmentValues(), limits.maxTemplateNodesPerWorkload());
    final Map<LearnedEdge, EdgeRecord> edges = new LinkedHashMap<>();
    // Edges changed since the last drain: what the store does not have yet.
    Set<LearnedEdge> changed = new HashSet<>();
    long lastNewEdge;
    long lastViolation;

    synchronized Outcome observe(LearnedEdge edge, long millis, Mode mode, BooleanSupplier writtenAllows) {
      boolean learning = mode == Mode.LEARN;
      EdgeRecord seen = edges.get(edge);
      if (seen != null) {
        seen.count++;
        seen.first = Math.min(seen.first, millis);
        seen.last = Math.max(seen.last, millis);
        if (learning && seen.state == EdgeState.PROPOSED) {
          seen.state = EdgeState.ALLOWED;
          allowlistChanged.set(true);
        } else if (!learning && seen.state != EdgeState.ALLOWED && !writtenAllows.getAsBoolean()) {
          seen.violations++;
          lastViolation = Math.max(lastViolation, millis);
        }
        changed.add(edge);
        return Outcome.KNOWN_EDGE;
      }
      if (edges.size() >= limits.maxEdgesPerWorkload()) {
        return Outcome.DROPPED_EDGE_LIMIT;
      }
      boolean allowed = learning || writtenAllows.getAsBoolean();
      edges.put(edge, new EdgeRecord(1, millis, millis, allowed ? EdgeState.ALLOWED : EdgeState.PROPOSED,
          allowed ? 0 : 1));
      lastNewEdge = Math.max(lastNewEdge, millis);
      if (allowed) {
        allowlistChanged.set(true);
      } else {
        lastViolation = Math.max(lastViolation, millis);
      }
      changed.add(edge);
      return Outcome.NEW_EDGE;
    }

    synchronized boolean restore(EdgeHistory history) {
      if (edges.size() >= limits.maxEdgesPerWorkload() && !edges.containsKey(history.edge())) {
        return false;
      }
      edges.put(history.edge(), new EdgeRecord(history.count(), history.firstSeen().toEpochMilli(),
          history.lastSeen().toEpochMilli(), history.state(), history.violations()));
      if (history.edge().pathTemplate() != null) {
        templater.remember(history.edge().pathTemplate());
      }
      lastNewEdge = Math.max(lastNewEdge, history.firstSeen().toEpochMilli());
      return true;
    }

    /** Sets the state of the edges with these ids; returns the ids found. */
    synchronized List<String> setState(Set<String> ids, boolean all, EdgeState state) {
      List<String> found = new ArrayList<>();
      edges.forEach((edge, record) -> {
        String id = edge.id();
        boolean chosen = all ? record.state == EdgeState.PROPOSED : ids.contains(id);
        if (chosen) {
          found.add(id);
          if (record.state != state) {
            record.state = state;
            changed.add(edge);
            allowlistChanged.set(true);
          }
        }
      });
      return found;
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
        out.add(edges.get(edge).history(edge));
      }
      changed = new HashSet<>();
      return out;
    }

    synchronized List<EdgeHistory> snapshot() {
      List<EdgeHistory> out = new ArrayList<>(edges.size());
      edges.forEach((edge, record) -> out.add(record.history(edge)));
      return out;
    }

    synchronized Quiet quiet() {
      return new Quiet(lastNewEdge, lastViolation);
    }
  }

  /**
   * When a workload last had a new edge and a violation (epoch ms; 0 for never): what auto-promotion waits on.
   */
  public record Quiet(long lastNewEdgeMillis, long lastViolationMillis) {}

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
    return edges.observe(new LearnedEdge(source, o.port(), protocol, method, template), millis,
        modeOf.apply(workload), () -> o.shadowAllowed() != null ? o.shadowAllowed() : written.allows(workload, o));
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

  /**
   * Sets the state of a workload's edges: those named by id, or with {@code all} every proposal. Returns the ids of
   * the edges it applied to (an unknown id is not among them).
   */
  public List<String> setState(String workload, Set<String> ids, boolean all, EdgeState state) {
    WorkloadEdges edges = workloads.get(workload);
    return edges == null ? List.of() : edges.setState(ids, all, state);
  }

  /** Whether the allowlist changed since the last call (and forgets it did). */
  public boolean takeAllowlistChanged() {
    return allowlistChanged.getAndSet(false);
  }

  /** When {@code workload} last had a new edge and a violation. */
  public Quiet quiet(String workload) {
    WorkloadEdges edges = workloads.get(workload);
    return edges == null ? new Quiet(0, 0) : edges.quiet();
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
