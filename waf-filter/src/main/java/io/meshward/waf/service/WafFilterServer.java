package io.meshward.waf.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.meshward.policy.yaml.PolicyCodec;
import io.meshward.waf.RuleLoadException;
import io.meshward.waf.dlp.load.DlpSensorFiles;
import io.meshward.waf.service.audit.DetectionAuditLog;
import io.meshward.waf.service.dlp.SkippedBodies;
import io.meshward.waf.service.extauthz.AuthorizationService;
import io.meshward.waf.service.extproc.ExternalProcessorService;
import io.meshward.waf.service.inspect.InspectionPool;
import io.meshward.waf.service.log.OnceLog;
import io.meshward.waf.service.metrics.AdminHttpServer;
import io.meshward.waf.service.metrics.WafMetrics;
import io.meshward.waf.service.profile.LiveProfiles;
import io.meshward.waf.service.profile.ProfileFiles;
import io.meshward.waf.service.profile.ProfileLoadException;
import io.meshward.waf.service.profile.ProfileRegistry;
import io.meshward.waf.service.profile.ProfileWatcher;
import io.meshward.waf.service.profile.WafProfile;
import io.meshward.waf.service.report.ExchangeListener;
import io.meshward.waf.service.report.Reporters;
import io.meshward.waf.service.respond.DenialBody;
import io.meshward.waf.service.route.RouteContextResolver;
import io.meshward.waf.service.telemetry.TelemetryClient;
import io.meshward.waf.service.warmup.ServiceWarmUp;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The waf-filter gRPC server: ext_authz, ext_proc, gRPC health and reflection on one port. Built from its parts here
 * and nowhere else; later parts (profile reloads, events to the control plane, metrics) are more constructor
 * arguments of the services, not global state. Every answered call goes to the reporters: metrics (served on the
 * admin HTTP port when configured), security events and flow observations to the control plane, the audit log.
 */
public final class WafFilterServer implements AutoCloseable {
  /** The services of the port, for reports; compile-time names, so that a renamed service shows up there. */
  public static final List<String> SERVICES = List.of(
      AuthorizationGrpc.SERVICE_NAME,
      ExternalProcessorGrpc.SERVICE_NAME,
      HealthGrpc.SERVICE_NAME,
      ServerReflectionGrpc.SERVICE_NAME);

  private final WafFilterConfig config;
  private final Server server;
  private final InspectionPool pool;
  private final HealthStatusManager health = new HealthStatusManager();
  /** How long file changes must be quiet before a reload reads them (see {@link ProfileWatcher}). */
  static final Duration RELOAD_DEBOUNCE = Duration.ofMillis(300);
  private final PrometheusMeterRegistry metrics;
  private final WafMetrics wafMetrics;
  private final Optional<TelemetryClient> telemetry;
  private final Optional<DetectionAuditLog> auditLog;
  private Optional<AdminHttpServer> admin = Optional.empty();
  private volatile boolean serving;

  private final LiveProfiles profiles;
  private volatile ProfileWatcher watcher;
  /** ext_authz and ext_proc as the port serves them, but reporting nowhere: what the warm-up sends its traffic to. */
  private final AuthorizationService unreportedAuthorization;
  private final ServerServiceDefinition unreportedProcessor;

  private WafFilterServer(WafFilterConfig config, LiveProfiles profiles) {
    this.config = config;
    this.profiles = profiles;
    this.pool = new InspectionPool(config.inspections());
    OnceLog problems = new OnceLog();
    ReportingConfig reporting = config.reporting();
    this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    new UptimeMetrics().bindTo(metrics);
    this.wafMetrics = new WafMetrics(metrics);
    metrics.gauge("meshward.waf.inspections.busy", pool, InspectionPool::busy);
    metrics.gauge("meshward.waf.inspections.waiting", pool, InspectionPool::waiting);
    this.auditLog = reporting.auditLog().map(path -> new DetectionAuditLog(path, reporting.auditLogMaxBytes(),
        wafMetrics));
    this.telemetry = reporting.controlPlane().map(target -> new TelemetryClient(target,
        reporterName(config), reporting.telemetry(), wafMetrics));
    List<ExchangeListener> listeners = new ArrayList<>();
    listeners.add(wafMetrics);
    telemetry.ifPresent(listeners::add);
    auditLog.ifPresent(listeners::add);
    Reporters reporters = new Reporters(listeners, problems);
    RouteContextResolver routes = new RouteContextResolver(profiles, config.contextPolicy(), problems);
    DenialBody denialBody = new DenialBody(new ObjectMapper());
    this.unreportedAuthorization = new AuthorizationService(routes, pool, denialBody, new OnceLog(), exchange -> { });
    this.unreportedProcessor = new ExternalProcessorService(routes, pool, denialBody, new OnceLog(), exchange -> { },
        config.responseDecoding(), SkippedBodies.NONE).definition();
    this.server = NettyServerBuilder.forAddress(config.address())
        // The handlers only map the message and hand it to the inspection pool (never block): running them on the
        // transport's threads saves a thread hand-off per call.
        .directExecutor()
        .maxInboundMessageSize(config.maxMessageBytes())
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .addService(new AuthorizationService(routes, pool, denialBody, problems, reporters))
        .addService(new ExternalProcessorService(routes, pool, denialBody, problems, reporters,
            config.responseDecoding(), wafMetrics).definition())
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        .build();
  }

  /**
   * Loads the rules for every profile, warms the check path up (see {@link ServiceWarmUp}), then listens.
   *
   * @throws RuleLoadException when the CRS does not load
   * @throws ProfileLoadException when the profile or DlpSensor files do not read, or a profile or sensor does not
   *     compile
   * @throws UncheckedIOException when the CRS directory cannot be read or the port cannot be bound
   */
  public static WafFilterServer start(WafFilterConfig config) throws RuleLoadException, ProfileLoadException {
    LiveProfiles profiles;
    try {
      PolicyCodec codec = new PolicyCodec();
      profiles = LiveProfiles.load(config.crsDirectory(), config.profiles(), config.profilesPath(),
          new ProfileFiles(codec), config.dlpSensorsPath(), new DlpSensorFiles(codec));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CRS at " + config.crsDirectory() + ": " + e.getMessage(), e);
    }
    WafFilterServer server = new WafFilterServer(config, profiles);
    try {
      if (config.watchFiles()) {
        server.watcher = ProfileWatcher.start(profiles, RELOAD_DEBOUNCE);
      }
      new ServiceWarmUp(config.warmUp()).run(server.unreportedAuthorization, server.unreportedProcessor,
          WafProfile.DEFAULT_NAME);
      server.server.start();
    } catch (IOException e) {
      server.close();
      String reason = e.getCause() != null && e.getCause().getMessage() != null
          ? e.getCause().getMessage() : e.getMessage();
      throw new UncheckedIOException("cannot listen for waf-filter on " + config.address().getHostString() + ":"
          + config.address().getPort() + ": " + reason, e);
    }
    config.reporting().adminAddress().ifPresent(address -> {
      try {
        server.admin = Optional.of(new AdminHttpServer(server.metrics, () -> server.serving).start(address));
      } catch (RuntimeException e) {
        server.close();
        throw new UncheckedIOException("cannot listen for waf-filter's metrics on " + address.getHostString() + ":"
            + address.getPort() + ": " + e.getMessage(), new IOException(e));
      }
    });
    server.serving = true;
    server.health.setStatus("", ServingStatus.SERVING);
    server.health.setStatus(AuthorizationGrpc.SERVICE_NAME, ServingStatus.SERVING);
    server.health.setStatus(ExternalProcessorGrpc.SERVICE_NAME, ServingStatus.SERVING);
    return server;
  }

  /** The bound port (useful when started on port 0). */
  public int port() {
    return server.getPort();
  }

  public WafFilterConfig config() {
    return config;
  }

  /** The profiles in force now (a reload may replace them at any moment). */
  public ProfileRegistry profiles() {
    return profiles.get();
  }

  /**
   * Reads the profile files and the CRS again and swaps them in, or keeps those in force when anything is wrong
   * (logged, and said in the outcome). Requests in flight finish on the rules they started with. The file watcher
   * calls the same; this is for callers that change files without it, or with watching off.
   */
  public LiveProfiles.Outcome reload() {
    return profiles.reload(true);
  }

  /** The port of {@code /metrics} and {@code /healthz}, when there is one. */
  public Optional<Integer> adminPort() {
    return admin.map(AdminHttpServer::port);
  }

  /** The metrics registry behind {@code /metrics}. */
  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /**
   * Stops serving, then flushes: gRPC calls in flight finish (and report), the event sender sends what is queued
   * (within its shutdown limit), the audit log writes what is queued; the metrics port goes last.
   */
  @Override
  public void close() {
    serving = false;
    if (watcher != null) {
      watcher.close();
    }
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      pool.close();
      telemetry.ifPresent(TelemetryClient::close);
      auditLog.ifPresent(DetectionAuditLog::close);
      admin.ifPresent(AdminHttpServer::close);
    }
  }

  /** Names this instance in the batches it sends: host name and gRPC port. */
  private static String reporterName(WafFilterConfig config) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "unknown-host";
    }
    return host + ":" + config.address().getPort();
  }
}
