package io.meshward.controlplane.learn;

import io.meshward.controlplane.store.Store;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.Mode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's learning: the graph, loaded from the store when it starts, written behind every
 * {@code flushInterval}, and once more when it closes.
 */
public final class Learning implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Learning.class);

  private final LearnedGraph graph;
  private final LearnedGraphStore graphStore;
  private final ScheduledExecutorService flusher;

  private final Consumer<Map<String, List<IngressRule>>> publishAllowlist;

  private Learning(LearnedGraph graph, LearnedGraphStore graphStore, Duration flushInterval,
                   Consumer<Map<String, List<IngressRule>>> publishAllowlist) {
    this.graph = graph;
    this.graphStore = graphStore;
    this.publishAllowlist = publishAllowlist;
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "meshward-learned-graph-flush");
      thread.setDaemon(true);
      return thread;
    });
    long millis = Math.max(1, flushInterval.toMillis());
    flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    // The allowlist is published at most every 200 ms: a burst of new edges is one push to the nodes.
    flusher.scheduleWithFixedDelay(this::publishQuietly, 0, 200, TimeUnit.MILLISECONDS);
  }

  /**
   * Loads the learned graph from {@code store}, starts writing it behind and publishing its allowlist.
   *
   * @param modeOf the mode a workload ("namespace/name") is in now
   * @param written whether a workload's written policy allows a flow
   * @param publishAllowlist told the learned allowlist (rules by workload) whenever it changed
   */
  public static Learning start(Store store, LearningLimits limits, Duration flushInterval,
                               Function<String, Mode> modeOf, LearnedGraph.WrittenAllowlist written,
                               Consumer<Map<String, List<IngressRule>>> publishAllowlist) {
    LearnedGraph graph = new LearnedGraph(limits, modeOf, written);
    LearnedGraphStore graphStore = new LearnedGraphStore(store);
    int dropped = graphStore.load(graph);
    if (dropped > 0) {
      LOG.warn("{} stored learned edges do not fit the learning limits {} and were not loaded", dropped, limits);
    }
    return new Learning(graph, graphStore, flushInterval, publishAllowlist);
  }

  public LearnedGraph graph() {
    return graph;
  }

  /** Checks every few seconds whether a workload is due for promotion (see {@link AutoPromoter}). */
  public void promoteWith(AutoPromoter promoter, Duration every) {
    long millis = Math.max(1, every.toMillis());
    flusher.scheduleWithFixedDelay(() -> {
      try {
        promoter.check();
      } catch (RuntimeException e) {
        LOG.warn("auto-promotion failed; will retry: {}", e.toString());
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Feeds waf-filter's flow reports to the graph. */
  public FlowLearner flowLearner() {
    return new FlowLearner(graph);
  }

  /** Counts the observations by what they did to the graph ({@code meshward_learned_observations_total}). */
  public void bindTo(MeterRegistry metrics) {
    for (LearnedGraph.Outcome outcome : LearnedGraph.Outcome.values()) {
      FunctionCounter.builder("meshward_learned_observations", graph, g -> g.count(outcome))
          .description("Flow observations and access-log entries offered to the learned graph, by outcome")
          .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
          .register(metrics);
    }
    Gauge.builder("meshward_learned_workloads", graph, LearnedGraph::workloadCount)
        .description("Destination workloads with learned edges").register(metrics);
  }

  /** Writes what changed now; returns how many edges. */
  public int flush() {
    return graphStore.flush(graph);
  }

  /** Publishes the allowlist now if it changed since it was last published. */
  public void publishIfChanged() {
    if (graph.takeAllowlistChanged()) {
      publishNow();
    }
  }

  /** Publishes the allowlist now. */
  public synchronized void publishNow() {
    Map<String, List<IngressRule>> rules = new TreeMap<>();
    for (String workload : graph.workloads()) {
      List<IngressRule> allowed = LearnedPolicy.allowlist(graph.edges(workload));
      if (!allowed.isEmpty()) {
        rules.put(workload, allowed);
      }
    }
    publishAllowlist.accept(rules);
  }

  private void publishQuietly() {
    try {
      publishIfChanged();
    } catch (RuntimeException e) {
      LOG.warn("publishing the learned allowlist failed: {}", e.toString());
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      // Kept in memory and marked changed: the next flush tries again.
      LOG.warn("writing the learned graph to the store failed; will retry: {}", e.toString());
    }
  }

  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
  }
}
