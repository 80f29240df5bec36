package io.meshward.controlplane.xds;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.meshward.controlplane.mesh.MeshState;
import io.meshward.controlplane.mesh.NodeIdentity;
import io.meshward.controlplane.translate.NodeResources;
import io.meshward.controlplane.translate.ServerListener;
import io.meshward.controlplane.translate.Translator;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every connected node's snapshot equal to the translation of the current mesh state.
 *
 * <p>All translation and every {@code setSnapshot} happen on one thread, in the order requests arrive, so that an
 * older state can never overwrite a newer one. Requests are coalesced: a burst of changes costs one pass. A node gets a
 * new snapshot only when its content version changes, so a change reaches the nodes it affects and no others. Nodes
 * of the same workload share one translation and one snapshot object.
 */
public final class SnapshotPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SnapshotPublisher.class);

  private final SimpleCache<String> cache;
  private final Translator translator;
  private final NodeRegistry registry;
  private final XdsMetrics metrics;
  private final Duration forgetAfter;
  private final ScheduledExecutorService executor;

  private final Object lock = new Object();
  // Guarded by lock.
  private final Set<String> pendingNodes = new LinkedHashSet<>();
  private boolean allPending;
  private boolean drainScheduled;

  private volatile MeshState state;
  // Only touched on the executor thread.
  private final Map<String, NodeResources> inCache = new HashMap<>();
  private MeshState memoState;
  private final Cache<MemoKey, Published> memo = Caffeine.newBuilder().maximumSize(50_000).build();

  public SnapshotPublisher(SimpleCache<String> cache, Translator translator, NodeRegistry registry,
                           XdsMetrics metrics, MeshState initialState, Duration forgetAfter) {
    this.cache = cache;
    this.translator = translator;
    this.registry = registry;
    this.metrics = metrics;
    this.state = Objects.requireNonNull(initialState, "initialState");
    this.forgetAfter = forgetAfter;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "meshward-xds-publisher");
      thread.setDaemon(true);
      return thread;
    });
  }

  public MeshState state() {
    return state;
  }

  /** A new mesh state is in force: re-translate every connected node. */
  public void update(MeshState newState) {
    state = Objects.requireNonNull(newState, "newState");
    synchronized (lock) {
      allPending = true;
      scheduleDrainLocked();
    }
  }

  /** Something about one node changed (it connected, asked for other listeners): re-translate it. */
  public void refresh(String nodeId) {
    synchronized (lock) {
      pendingNodes.add(nodeId);
      scheduleDrainLocked();
    }
  }

  /** Completes once everything requested before this call has been published. */
  public CompletableFuture<Void> flush() {
    return CompletableFuture.runAsync(() -> { }, executor);
  }

  /** The node left: drop its snapshot after a grace period unless it comes back. */
  void disconnected(String nodeId) {
    try {
      executor.schedule(() -> {
        boolean stillGone = registry.record(nodeId).map(r -> !r.connected()).orElse(true);
        if (stillGone && cache.clearSnapshot(nodeId)) {
          inCache.remove(nodeId);
        }
      }, forgetAfter.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Shutting down: nothing to forget.
    }
  }

  /** What the node is being served, or empty when it has no snapshot. */
  public java.util.Optional<NodeResources> served(String nodeId) {
    return registry.record(nodeId).map(NodeRecord::served);
  }

  /**
   * Translates a node that need not be connected, for {@code xds dump} of a node known from the store.
   */
  public NodeResources translate(NodeIdentity identity, SortedSet<ServerListener> listeners) {
    return translator.translate(state, identity, listeners);
  }

  private void scheduleDrainLocked() {
    if (!drainScheduled) {
      drainScheduled = true;
      executor.execute(this::drain);
    }
  }

  private void drain() {
    while (true) {
      List<String> nodeIds;
      synchronized (lock) {
        if (allPending) {
          nodeIds = registry.connectedNodeIds();
        } else if (!pendingNodes.isEmpty()) {
          nodeIds = List.copyOf(pendingNodes);
        } else {
          drainScheduled = false;
          return;
        }
        allPending = false;
        pendingNodes.clear();
      }
      publish(nodeIds);
    }
  }

  private void publish(List<String> nodeIds) {
    long started = System.nanoTime();
    MeshState current = state;
    if (current != memoState) {
      memo.invalidateAll();
      memoState = current;
    }
    for (String nodeId : nodeIds) {
      NodeRecord record = registry.record(nodeId).orElse(null);
      if (record == null || !record.connected()) {
        continue;
      }
      try {
        // Under the node's lock: see AdsStream for why a snapshot must not race a new watch.
        synchronized (record) {
          publishNode(nodeId, record, current);
        }
      } catch (RuntimeException e) {
        metrics.translationFailed();
        log.error("translating node {} failed; it keeps its previous configuration", nodeId, e);
      }
    }
    metrics.publishPass(Duration.ofNanos(System.nanoTime() - started));
  }

  private void publishNode(String nodeId, NodeRecord record, MeshState current) {
    NodeIdentity identity = record.identity();
    SortedSet<ServerListener> listeners = record.serverListeners();
    MemoKey key = new MemoKey(identity.translationKey(), listeners);
    Published published = memo.get(key, k -> {
      NodeResources resources = translator.translate(current, identity, listeners);
      return new Published(resources, snapshot(resources));
    });
    NodeResources previous = inCache.get(nodeId);
    if (previous != null && previous.versions().equals(published.resources().versions())) {
      // Same resources, but what operators see may differ (LEARN and MONITOR look alike to a proxyless server).
      if (!previous.workload().equals(published.resources().workload())) {
        inCache.put(nodeId, published.resources());
        record.served(published.resources());
      }
      return;
    }
    log.debug("node {} now at {} ({} listeners)", nodeId, published.resources().versions(),
        published.resources().listeners().size());
    cache.setSnapshot(nodeId, published.snapshot());
    inCache.put(nodeId, published.resources());
    record.served(published.resources());
    metrics.snapshotSet();
  }

  private static Snapshot snapshot(NodeResources resources) {
    NodeResources.Versions v = resources.versions();
    return Snapshot.create(
        resources.clusters(), v.clusters(),
        List.of(), "none",
        resources.listeners(), v.listeners(),
        resources.routes(), v.routes(),
        List.of(), "none");
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private record MemoKey(NodeIdentity.TranslationKey node, SortedSet<ServerListener> listeners) {}

  private record Published(NodeResources resources, Snapshot snapshot) {}
}
