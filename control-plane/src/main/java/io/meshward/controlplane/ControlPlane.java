package io.meshward.controlplane;

import io.meshward.controlplane.api.AdminApi;
import io.meshward.controlplane.mesh.MeshState;
import io.meshward.controlplane.policy.PolicyService;
import io.meshward.controlplane.learn.AccessLogIngest;
import io.meshward.controlplane.learn.AutoPromoter;
import io.meshward.controlplane.learn.Learning;
import io.meshward.controlplane.learn.LearningLimits;
import io.meshward.controlplane.learn.Observation;
import io.meshward.controlplane.mesh.MeshResolver;
import io.meshward.controlplane.mesh.MeshState;
import io.meshward.controlplane.mesh.ResolvedWorkload;
import io.meshward.controlplane.translate.AllowlistDecision;
import io.meshward.controlplane.mesh.MeshStatePublisher;
import io.meshward.controlplane.mesh.NodeIdentity;
import io.meshward.controlplane.mesh.ModeTarget;
import io.meshward.controlplane.mesh.NodeKind;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.Mode;
import io.meshward.controlplane.respond.QuarantineService;
import io.meshward.controlplane.store.Store;
import io.meshward.controlplane.store.TelemetryRetention;
import io.meshward.controlplane.telemetry.StoredTelemetry;
import io.meshward.controlplane.telemetry.TelemetryReceiver;
import io.meshward.controlplane.translate.Translator;
import io.meshward.controlplane.translate.TranslatorSettings;
import io.meshward.controlplane.xds.XdsControlPlane;
import io.meshward.controlplane.xds.XdsMetrics;
import io.meshward.policy.yaml.PolicyCodec;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running control plane: store, policy service, xDS server and admin API, wired together. Start one with
 * {@link #start(ControlPlaneConfig)}; close it to stop everything in reverse order.
 */
public final class ControlPlane implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);

  private final ControlPlaneConfig config;
  private final Store store;
  private final PrometheusMeterRegistry metrics;
  private final JvmGcMetrics gcMetrics;
  private volatile PolicyService policies;
  private final XdsControlPlane xds;
  private final TelemetryReceiver telemetry;
  private final Learning learning;
  private volatile MeshStatePublisher states;
  private final QuarantineService quarantines;
  private final AdminApi api;
  private final ScheduledExecutorService background;
  private final NodeStatusPersister persister;
  private volatile boolean ready;

  private ControlPlane(ControlPlaneConfig config) {
    this.config = config;
    this.store = Store.open(config.dataDir());
    boolean started = false;
    XdsControlPlane startedXds = null; // closed again if a later step fails
    Learning startedLearning = null;
    QuarantineService startedQuarantines = null;
    try {
      this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new ClassLoaderMetrics().bindTo(metrics);
      new JvmMemoryMetrics().bindTo(metrics);
      this.gcMetrics = new JvmGcMetrics();
      gcMetrics.bindTo(metrics);
      new JvmThreadMetrics().bindTo(metrics);
      new ProcessorMetrics().bindTo(metrics);
      new UptimeMetrics().bindTo(metrics);

      String advertised = config.advertisedAddress() != null
          ? config.advertisedAddress()
          : advertisable(config.xdsAddress());
      // waf-filter reports security events and flow observations on the xDS port: one port for sidecars to reach.
      this.telemetry = new TelemetryReceiver(new StoredTelemetry(store, TelemetryRetention.defaults()),
          Clock.systemUTC(), metrics);
      this.learning = Learning.start(store, LearningLimits.defaults(), config.nodeStatusFlushInterval(),
          this::modeOf, this::writtenPolicyAllows, this::publishLearned);
      startedLearning = learning;
      telemetry.subscribe(learning.flowLearner());
      learning.bindTo(metrics);
      this.xds = new XdsControlPlane(config.xdsAddress(), new Translator(new TranslatorSettings(advertised)),
          MeshState.empty(), new XdsMetrics(metrics), Clock.systemUTC(),
          List.of(telemetry, new AccessLogIngest(learning.graph(), Clock.systemUTC(), metrics)));
      startedXds = xds;
      this.states = new MeshStatePublisher(xds::update);
      this.policies = new PolicyService(store, new PolicyCodec(), states::policies);
      states.policies(policies.state());
      learning.publishNow();
      learning.promoteWith(new AutoPromoter(learning.graph(), this::autoPromotionOf, this::modeOf,
          this::promote, Clock.systemUTC()), Duration.ofSeconds(5));
      this.quarantines = QuarantineService.start(store, () -> policies.state().meshConfig(), states::quarantines,
          Clock.systemUTC(), Duration.ofMillis(250));
      startedQuarantines = quarantines;
      telemetry.subscribe(quarantines);
      this.persister = new NodeStatusPersister(store, xds.registry());
      persister.restore();
      xds.start();
      this.api = new AdminApi(policies, xds.registry(), xds.publisher(), store, learning.graph(), quarantines,
          metrics, () -> ready)
          .start(config.adminAddress());
      this.background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "meshward-node-status");
        thread.setDaemon(true);
        return thread;
      });
      long flushMillis = config.nodeStatusFlushInterval().toMillis();
      background.scheduleWithFixedDelay(persister::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
      ready = true;
      started = true;
    } finally {
      if (!started) {
        if (startedXds != null) {
          startedXds.close();
        }
        if (startedLearning != null) {
          startedLearning.close();
        }
        if (startedQuarantines != null) {
          startedQuarantines.close();
        }
        store.close();
      }
    }
  }

  /**
   * Opens the store, loads what is in force and starts serving xDS and the admin API.
   *
   * @throws io.meshward.controlplane.store.StoreException when the data directory cannot be used
   * @throws io.meshward.controlplane.policy.StoredStateException when the store holds something unreadable
   */
  public static ControlPlane start(ControlPlaneConfig config) {
    return new ControlPlane(config);
  }

  public ControlPlaneConfig config() {
    return config;
  }

  public int xdsPort() {
    return xds.port();
  }

  public int adminPort() {
    return api.port();
  }

  public PolicyService policies() {
    return policies;
  }

  public XdsControlPlane xds() {
    return xds;
  }

  public Store store() {
    return store;
  }

  /** Quarantined sources: in force, released, expired. */
  public QuarantineService quarantines() {
    return quarantines;
  }

  /** The learned graph, kept in the store. */
  public Learning learning() {
    return learning;
  }

  /** Receives waf-filter's security events and flow observations; subscribe to act on them. */
  public TelemetryReceiver telemetry() {
    return telemetry;
  }

  @Override
  public void close() {
    ready = false;
    try {
      api.close();
    } finally {
      try {
        xds.close();
      } finally {
        background.shutdownNow();
        persister.flushAll();
        quarantines.close();
        learning.close();
        gcMetrics.close();
        store.close();
        log.info("control plane stopped");
      }
    }
  }

  /**
   * The mode a workload is in, as the learned graph needs it: overrides, a policy that names the workload, the mesh
   * default (a policy that selects the workload by labels is not seen here: learning knows no labels).
   */
  private Mode modeOf(String workloadRef) {
    return resolved(workloadRef).map(ResolvedWorkload::mode).orElse(Mode.LEARN);
  }

  /** Whether the policy written for the workload (not what was learned) allows the observed flow. */
  private boolean writtenPolicyAllows(String workloadRef, Observation o) {
    Optional<ResolvedWorkload> workload = resolved(workloadRef);
    if (workload.isEmpty() || workload.get().policy().isEmpty()) {
      return false;
    }
    PolicyService service = policies;
    String trustDomain = service == null ? "cluster.local" : service.state().meshConfig().spec().trustDomain();
    return AllowlistDecision.allows(workload.get().policy().get().spec().ingress(), trustDomain,
        o.sourcePrincipal() == null || o.sourcePrincipal().isBlank() ? null : o.sourcePrincipal(),
        o.sourceAddress(), o.port(), o.method() == null || o.method().isBlank() ? null
            : o.method().toUpperCase(java.util.Locale.ROOT), o.path() == null ? null : pathOnly(o.path()));
  }

  private static String pathOnly(String path) {
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /**
   * What is in force for a workload as learning sees it, from the policies and modes in force (cached per policy
   * state: learning asks for every observation).
   */
  private Optional<ResolvedWorkload> resolved(String workloadRef) {
    PolicyService service = policies;
    if (service == null) {
      return Optional.empty();
    }
    MeshState state = service.state();
    ResolvedCache cache = resolvedCache;
    if (cache.state() != state) {
      cache = new ResolvedCache(state, new java.util.concurrent.ConcurrentHashMap<>());
      resolvedCache = cache;
    }
    return Optional.of(cache.byWorkload().computeIfAbsent(workloadRef, ref -> {
      int slash = ref.indexOf('/');
      NodeIdentity workload = new NodeIdentity("learned", NodeKind.ENVOY_SIDECAR, ref.substring(0, slash),
          ref.substring(slash + 1), "", Map.of(), 0, 0, List.of());
      return MeshResolver.resolve(state, workload);
    }));
  }

  private record ResolvedCache(MeshState state, Map<String, ResolvedWorkload> byWorkload) {}

  private volatile ResolvedCache resolvedCache = new ResolvedCache(null, Map.of());

  /** The workload's WorkloadPolicy's auto-promotion settings when it has some, else the mesh config's. */
  private io.meshward.policy.model.MeshConfig.AutoPromotion autoPromotionOf(String workloadRef) {
    return resolved(workloadRef).flatMap(ResolvedWorkload::policy).flatMap(p -> p.spec().autoPromotion())
        .orElseGet(() -> policies.state().meshConfig().spec().autoPromotion());
  }

  private void promote(String workloadRef, Mode to, String reason) {
    int slash = workloadRef.indexOf('/');
    policies.setMode(ModeTarget.workload(workloadRef.substring(0, slash), workloadRef.substring(slash + 1)), to,
        "auto-promotion: " + reason);
  }

  private void publishLearned(Map<String, List<IngressRule>> rules) {
    MeshStatePublisher publisher = states;
    if (publisher != null) {
      publisher.learned(rules);
    }
  }

  /** A wildcard bind address is no address to give peers; use loopback then. */
  private static String advertisable(InetSocketAddress address) {
    String host = address.getAddress() == null || address.getAddress().isAnyLocalAddress()
        ? "127.0.0.1"
        : address.getHostString();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
