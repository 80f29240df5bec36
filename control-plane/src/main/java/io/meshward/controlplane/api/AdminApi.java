package io.meshward.controlplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.meshward.controlplane.learn.EdgeHistory;
import io.meshward.controlplane.learn.EdgeState;
import io.meshward.controlplane.learn.LearnedGraph;
import io.meshward.controlplane.learn.LearnedPolicy;
import io.meshward.controlplane.mesh.ModeTarget;
import io.meshward.controlplane.respond.QuarantineService;
import io.meshward.controlplane.policy.AppliedDocument;
import io.meshward.controlplane.policy.ApplyResult;
import io.meshward.controlplane.policy.ModeChange;
import io.meshward.controlplane.policy.PolicyService;
import io.meshward.controlplane.policy.PolicySource;
import io.meshward.controlplane.store.QuarantineRow;
import io.meshward.controlplane.store.Store;
import io.meshward.controlplane.store.StoredDocument;
import io.meshward.controlplane.translate.EnvoyConfigYaml;
import io.meshward.controlplane.translate.NodeResources;
import io.meshward.controlplane.xds.NodeRegistry;
import io.meshward.controlplane.xds.NodeStatus;
import io.meshward.controlplane.xds.SnapshotPublisher;
import io.meshward.policy.model.DlpSensorDocument;
import io.meshward.policy.model.DocumentKey;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.WafProfile;
import io.meshward.policy.model.WorkloadPolicy;
import io.meshward.policy.validate.PolicyValidationException;
import io.meshward.policy.yaml.PolicyCodec;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST/JSON admin API. Policies travel as YAML (the same documents as files and Kubernetes resources); everything
 * else as JSON. Every error is a JSON {@link ApiError} with a 4xx or 5xx status; nothing is half-applied.
 */
public final class AdminApi implements AutoCloseable {
  public static final String YAML = "application/yaml";
  /** Policy files are small; this bounds what a request can make us buffer. */
  public static final long MAX_REQUEST_BYTES = 4L * 1024 * 1024;
  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
  /** The kinds the policy endpoints store; cluster-scoped ones are addressed with the namespace "_". */
  private static final List<String> KINDS = List.of(DlpSensorDocument.KIND, MeshConfig.KIND, WafProfile.KIND,
      WorkloadPolicy.KIND);

  private final PolicyService policies;
  private final NodeRegistry nodes;
  private final SnapshotPublisher publisher;
  private final Store store;
  private final LearnedGraph learned;
  private final QuarantineService quarantines;
  private final PrometheusMeterRegistry metrics;
  private final BooleanSupplier ready;
  private final PolicyCodec codec = new PolicyCodec();
  private final ObjectMapper json = Json.newMapper();
  private final Javalin app;

  public AdminApi(PolicyService policies, NodeRegistry nodes, SnapshotPublisher publisher, Store store,
                  LearnedGraph learned, QuarantineService quarantines, PrometheusMeterRegistry metrics,
                  BooleanSupplier ready) {
    this.policies = policies;
    this.nodes = nodes;
    this.publisher = publisher;
    this.store = store;
    this.learned = learned;
    this.quarantines = quarantines;
    this.metrics = metrics;
    this.ready = ready;
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.http.maxRequestSize = MAX_REQUEST_BYTES;
      config.routes.get("/healthz", ctx -> send(ctx, HttpStatus.OK, Map.of("status", "ok")));
      config.routes.get("/readyz", this::readyz);
      config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
          .result(metrics.scrape()));

      config.routes.get("/api/v1/workloads", this::listWorkloads);
      config.routes.get("/api/v1/workloads/{node}", this::getWorkload);
      config.routes.get("/api/v1/xds/{node}", this::dumpXds);

      config.routes.get("/api/v1/policies", this::listPolicies);
      config.routes.post("/api/v1/policies", this::applyPolicies);
      config.routes.get("/api/v1/policies/export", this::exportPolicies);
      config.routes.get("/api/v1/policies/{kind}/{namespace}/{name}", this::getPolicy);
      config.routes.delete("/api/v1/policies/{kind}/{namespace}/{name}", this::deletePolicy);
      config.routes.get("/api/v1/meshconfig", this::meshConfig);

      config.routes.get("/api/v1/modes", this::listModes);
      config.routes.get("/api/v1/modes/{namespace}", this::getMode);
      config.routes.get("/api/v1/modes/{namespace}/{workload}", this::getMode);
      config.routes.put("/api/v1/modes/{namespace}", this::setMode);
      config.routes.put("/api/v1/modes/{namespace}/{workload}", this::setMode);
      config.routes.delete("/api/v1/modes/{namespace}", this::clearMode);
      config.routes.delete("/api/v1/modes/{namespace}/{workload}", this::clearMode);

      config.routes.get("/api/v1/audit", this::audit);
      config.routes.get("/api/v1/events", this::securityEvents);
      config.routes.get("/api/v1/flows", this::flowObservations);
      config.routes.get("/api/v1/learned", this::learnedWorkloads);
      config.routes.get("/api/v1/quarantines", this::listQuarantines);
      config.routes.post("/api/v1/quarantines/{id}/release", this::releaseQuarantine);
      config.routes.get("/api/v1/learned/{namespace}/{workload}", this::learnedEdges);
      config.routes.get("/api/v1/learned/{namespace}/{workload}/export", this::exportLearned);
      config.routes.post("/api/v1/learned/{namespace}/{workload}/accept",
          ctx -> decideLearned(ctx, EdgeState.ALLOWED, "learned.accepted"));
      config.routes.post("/api/v1/learned/{namespace}/{workload}/reject",
          ctx -> decideLearned(ctx, EdgeState.REJECTED, "learned.rejected"));
      config.routes.get("/api/v1/violations", this::violations);

      config.routes.exception(PolicyValidationException.class, (e, ctx) -> send(ctx, HttpStatus.BAD_REQUEST,
          new ApiError("the policy file is invalid; nothing was applied", e.errors())));
      config.routes.exception(BadRequest.class, (e, ctx) -> send(ctx, HttpStatus.BAD_REQUEST,
          ApiError.of(e.getMessage())));
      config.routes.exception(NotFound.class, (e, ctx) -> send(ctx, HttpStatus.NOT_FOUND,
          ApiError.of(e.getMessage())));
      config.routes.exception(Exception.class, (e, ctx) -> {
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        send(ctx, HttpStatus.INTERNAL_SERVER_ERROR, ApiError.of("internal error: " + e.getClass().getSimpleName()
            + " (see the control plane's log)"));
      });
      config.routes.error(404, ctx -> {
        if (ctx.result() == null || ctx.result().isEmpty()) {
          send(ctx, HttpStatus.NOT_FOUND, ApiError.of("no such endpoint: " + ctx.method() + " " + ctx.path()));
        }
      });
      config.routes.error(413, ctx -> send(ctx, HttpStatus.CONTENT_TOO_LARGE,
          ApiError.of("request body over " + MAX_REQUEST_BYTES + " bytes")));
    });
  }

  public AdminApi start(InetSocketAddress address) {
    app.start(address.getHostString(), address.getPort());
    return this;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  // ---- health

  private void readyz(Context ctx) {
    if (ready.getAsBoolean()) {
      send(ctx, HttpStatus.OK, Map.of("status", "ready"));
    } else {
      send(ctx, HttpStatus.SERVICE_UNAVAILABLE, Map.of("status", "starting"));
    }
  }

  // ---- workloads and xDS

  private void listWorkloads(Context ctx) {
    String namespace = ctx.queryParam("namespace");
    send(ctx, HttpStatus.OK, nodes.statuses().stream()
        .filter(s -> namespace == null || namespace.equals(s.identity().namespace()))
        .toList());
  }

  private void getWorkload(Context ctx) {
    send(ctx, HttpStatus.OK, node(ctx.pathParam("node")));
  }

  private void dumpXds(Context ctx) {
    NodeStatus status = node(ctx.pathParam("node"));
    NodeResources resources = publisher.served(status.nodeId())
        .orElseGet(() -> publisher.translate(status.identity(), new java.util.TreeSet<>()));
    String format = Optional.ofNullable(ctx.queryParam("format")).orElse("resources");
    String yaml = switch (format) {
      case "resources" -> EnvoyConfigYaml.resources(resources);
      case "bootstrap" -> EnvoyConfigYaml.validationBootstrap(resources);
      default -> throw new BadRequest("format must be 'resources' or 'bootstrap', got '" + format + "'");
    };
    ctx.contentType(YAML).result(yaml);
  }

  private NodeStatus node(String nodeId) {
    return nodes.status(nodeId).orElseThrow(() -> new NotFound("no node '" + nodeId + "' is known"));
  }

  // ---- policies

  private void listPolicies(Context ctx) {
    Predicate<DocumentKey> filter = keyFilter(ctx);
    List<Map<String, Object>> list = new ArrayList<>();
    for (StoredDocument stored : policies.storedDocuments()) {
      if (filter.test(stored.key())) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("kind", stored.key().kind());
        item.put("namespace", stored.key().namespace());
        item.put("name", stored.key().name());
        item.put("generation", stored.generation());
        item.put("updatedAt", stored.updatedAt());
        list.add(item);
      }
    }
    send(ctx, HttpStatus.OK, list);
  }

  /**
   * One YAML file as the body (content type application/yaml or text), or several files applied as one:
   * {@code {"files": [{"source": "a.yaml", "yaml": "..."}, ...]}} with content type application/json.
   */
  private void applyPolicies(Context ctx) throws PolicyValidationException {
    List<PolicySource> files = policySources(ctx);
    boolean dryRun = "true".equalsIgnoreCase(ctx.queryParam("dryRun"));
    Map<String, Object> result = new LinkedHashMap<>();
    List<PolicyDocument> documents;
    if (dryRun) {
      documents = policies.validate(files);
      result.put("dryRun", true);
      result.put("documents", documents.stream().map(d -> Map.of(
          "kind", d.kind(), "namespace", d.metadata().namespace(), "name", d.metadata().name())).toList());
    } else {
      ApplyResult applied = policies.apply(files);
      documents = policies.documents(d -> applied.documents().stream()
          .map(AppliedDocument::key).anyMatch(d.key()::equals));
      result.put("applied", applied.documents());
      result.put("revision", applied.revision());
      log.info("applied {} from {}: {}", applied.documents().size(),
          files.stream().map(PolicySource::name).toList(), applied.documents());
    }
    result.put("warnings", selectorWarnings(documents));
    send(ctx, HttpStatus.OK, result);
  }

  private List<PolicySource> policySources(Context ctx) {
    String contentType = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
    if (!contentType.startsWith("application/json")) {
      String source = Optional.ofNullable(ctx.queryParam("source")).filter(s -> !s.isBlank())
          .orElse("request body");
      return List.of(new PolicySource(source, ctx.body()));
    }
    JsonNode body;
    try {
      body = json.readTree(ctx.body());
    } catch (JsonProcessingException e) {
      throw new BadRequest("the body is not JSON: " + e.getOriginalMessage());
    }
    JsonNode files = body == null ? null : body.get("files");
    if (files == null || !files.isArray() || files.isEmpty()) {
      throw new BadRequest("expected {\"files\": [{\"source\": \"a.yaml\", \"yaml\": \"...\"}, ...]}");
    }
    List<PolicySource> sources = new ArrayList<>();
    for (JsonNode file : files) {
      if (!file.path("yaml").isTextual()) {
        throw new BadRequest("every entry of 'files' needs a 'yaml' string");
      }
      String source = file.path("source").isTextual() && !file.path("source").asText().isBlank()
          ? file.path("source").asText()
          : "file " + (sources.size() + 1);
      sources.add(new PolicySource(source, file.path("yaml").asText()));
    }
    return sources;
  }

  /** Policies whose selector picks no node known so far: not an error (workloads may come later), worth saying. */
  private List<String> selectorWarnings(List<PolicyDocument> documents) {
    List<NodeStatus> known = nodes.statuses();
    List<String> warnings = new ArrayList<>();
    for (PolicyDocument document : documents) {
      if (document instanceof WorkloadPolicy policy) {
        boolean selectsSome = known.stream().anyMatch(node ->
            node.identity().namespace().equals(policy.metadata().namespace())
                && policy.spec().selector().selects(node.identity().workload(), node.identity().labels()));
        if (!selectsSome) {
          warnings.add(policy.key() + ": selector " + policy.spec().selector()
              + " matches no workload connected so far");
        }
      }
    }
    return warnings;
  }

  private void exportPolicies(Context ctx) {
    Predicate<DocumentKey> filter = keyFilter(ctx);
    ctx.contentType(YAML).result(policies.export(d -> filter.test(d.key())));
  }

  private void getPolicy(Context ctx) {
    DocumentKey key = documentKey(ctx);
    // The mesh config is always in force: its defaults when none was applied.
    PolicyDocument document = key.equals(MeshConfig.defaults().key())
        ? policies.state().meshConfig()
        : policies.document(key).orElseThrow(() -> new NotFound("no " + key));
    ctx.contentType(YAML).result(codec.write(document));
  }

  private void deletePolicy(Context ctx) {
    DocumentKey key = documentKey(ctx);
    if (!policies.delete(key)) {
      throw new NotFound("no " + key);
    }
    send(ctx, HttpStatus.OK, Map.of("deleted", key.toString(), "revision", store.revision()));
  }

  private void meshConfig(Context ctx) {
    ctx.contentType(YAML).result(codec.write(policies.state().meshConfig()));
  }

  private static DocumentKey documentKey(Context ctx) {
    String kind = ctx.pathParam("kind");
    if (!KINDS.contains(kind)) {
      throw new BadRequest("unknown kind '" + kind + "'; known kinds: " + String.join(", ", KINDS));
    }
    String namespace = ctx.pathParam("namespace");
    return new DocumentKey(kind, "_".equals(namespace) ? "" : namespace, ctx.pathParam("name"));
  }

  private static Predicate<DocumentKey> keyFilter(Context ctx) {
    String namespace = ctx.queryParam("namespace");
    String kind = ctx.queryParam("kind");
    return key -> (namespace == null || namespace.equals(key.namespace()))
        && (kind == null || kind.equals(key.kind()));
  }

  // ---- modes

  private void listModes(Context ctx) {
    List<Map<String, Object>> list = new ArrayList<>();
    policies.state().modeOverrides().entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(ModeTarget::toString)))
        .forEach(e -> list.add(Map.of("target", e.getKey().toString(), "mode", e.getValue().name())));
    send(ctx, HttpStatus.OK, list);
  }

  private void getMode(Context ctx) {
    ModeTarget target = target(ctx);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("target", target.toString());
    result.put("override", Optional.ofNullable(policies.state().modeOverrides().get(target)).map(Enum::name));
    result.put("workloads", nodes.statuses().stream()
        .filter(s -> s.identity().namespace().equals(target.namespace())
            && target.workload().map(w -> w.equals(s.identity().workload())).orElse(true))
        .map(s -> Map.of("node", s.nodeId(), "workload", s.identity().workloadRef(), "mode", s.mode(),
            "modeSource", s.modeSource(), "connected", s.connected()))
        .toList());
    send(ctx, HttpStatus.OK, result);
  }

  private void setMode(Context ctx) {
    ModeTarget target = target(ctx);
    Mode mode = parseModeBody(ctx.body());
    ModeChange change = policies.setMode(target, mode);
    log.info("mode of {} set to {} (was {})", target, mode, change.previous().map(Enum::name).orElse("not set"));
    send(ctx, HttpStatus.OK, modeChange(change));
  }

  private void clearMode(Context ctx) {
    ModeChange change = policies.clearMode(target(ctx));
    send(ctx, HttpStatus.OK, modeChange(change));
  }

  private Mode parseModeBody(String body) {
    String text;
    try {
      JsonNode node = json.readTree(body);
      if (node == null || !node.isObject() || !node.path("mode").isTextual()) {
        throw new BadRequest("expected a JSON body like {\"mode\": \"enforce\"}");
      }
      text = node.get("mode").asText();
    } catch (JsonProcessingException e) {
      throw new BadRequest("expected a JSON body like {\"mode\": \"enforce\"}: " + e.getOriginalMessage());
    }
    return Mode.parse(text).orElseThrow(() -> new BadRequest(
        "unknown mode '" + text + "'; one of learn, monitor, enforce"));
  }

  private static Map<String, Object> modeChange(ModeChange change) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("target", change.target().toString());
    result.put("previous", change.previous().map(Enum::name).orElse(null));
    result.put("mode", change.current().map(Enum::name).orElse(null));
    return result;
  }

  private static ModeTarget target(Context ctx) {
    String namespace = ctx.pathParam("namespace");
    String text = ctx.pathParamMap().containsKey("workload")
        ? namespace + "/" + ctx.pathParam("workload")
        : namespace;
    try {
      return ModeTarget.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  // ---- audit

  private void audit(Context ctx) {
    long after = longParam(ctx, "after", 0);
    int limit = (int) Math.min(1000, Math.max(1, longParam(ctx, "limit", 100)));
    send(ctx, HttpStatus.OK, store.audit(after, limit));
  }

  // ---- telemetry reported by waf-filter (read-only)

  private void securityEvents(Context ctx) {
    send(ctx, HttpStatus.OK, store.securityEvents(longParam(ctx, "after", 0), since(ctx), limit(ctx)));
  }

  /** The quarantines in force, newest first; with {@code ?all=true} the newest ones whatever became of them. */
  private void listQuarantines(Context ctx) {
    boolean all = "true".equalsIgnoreCase(ctx.queryParam("all"));
    List<QuarantineRow> rows = all ? store.quarantines(limit(ctx)) : quarantines.inForce();
    java.time.Instant now = java.time.Instant.now();
    List<Map<String, Object>> out = new ArrayList<>();
    for (QuarantineRow row : rows) {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("id", row.id());
      q.put("sourceKind", row.sourceKind());
      q.put("source", row.source());
      q.put("state", row.inForce(now) ? "IN_FORCE" : row.releasedAt().isPresent() ? "ENDED" : "EXPIRED");
      q.put("reason", row.reason());
      q.put("events", row.eventIds());
      q.put("createdAt", row.createdAt().toString());
      q.put("expiresAt", row.expiresAt().toString());
      q.put("releasedAt", row.releasedAt().map(Object::toString).orElse(null));
      q.put("releaseReason", row.releaseReason().orElse(null));
      out.add(q);
    }
    send(ctx, HttpStatus.OK, out);
  }

  /** Ends a quarantine now; the body may give a reason: {@code {"reason": "false positive, ticket 123"}}. */
  private void releaseQuarantine(Context ctx) {
    String id = ctx.pathParam("id");
    String reason = "released by an operator";
    String body = ctx.body();
    if (!body.isBlank()) {
      JsonNode node;
      try {
        node = json.readTree(body);
      } catch (JsonProcessingException e) {
        throw new BadRequest("the body must be JSON: {\"reason\": \"...\"}");
      }
      if (node != null && node.path("reason").isTextual() && !node.path("reason").asText().isBlank()) {
        reason = "released by an operator: " + node.path("reason").asText().strip();
      }
    }
    if (!quarantines.release(id, reason)) {
      throw new NotFound("no quarantine " + id + " is in force");
    }
    send(ctx, HttpStatus.OK, Map.of("released", id, "reason", reason));
  }

  /** The workloads with learned edges and how many each has. */
  private void learnedWorkloads(Context ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String workload : learned.workloads()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("workload", workload);
      row.put("edges", learned.edges(workload).size());
      out.add(row);
    }
    send(ctx, HttpStatus.OK, out);
  }

  /** The edges learned into one workload ("namespace/workload"). */
  private void learnedEdges(Context ctx) {
    String workload = ctx.pathParam("namespace") + "/" + ctx.pathParam("workload");
    List<Map<String, Object>> out = new ArrayList<>();
    for (EdgeHistory h : learned.edges(workload)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", h.id());
      row.put("state", h.state().name());
      row.put("violations", h.violations());
      row.put("source", h.edge().source().value());
      row.put("sourceKind", h.edge().source().kind().name());
      row.put("port", h.edge().port());
      row.put("protocol", h.edge().protocol());
      row.put("method", h.edge().method());
      row.put("path", h.edge().pathTemplate());
      row.put("count", h.count());
      row.put("firstSeen", h.firstSeen().toString());
      row.put("lastSeen", h.lastSeen().toString());
      out.add(row);
    }
    send(ctx, HttpStatus.OK, Map.of("workload", workload, "edges", out));
  }

  /**
   * Accepts (into the learned allowlist) or rejects edges of a workload: {@code {"edges": ["id", ...]}}, or
   * {@code {"all": true}} for every proposal. An id that is not an edge of the workload is an error, and nothing
   * changes then.
   */
  private void decideLearned(Context ctx, EdgeState state, String auditAction) {
    String workload = ctx.pathParam("namespace") + "/" + ctx.pathParam("workload");
    JsonNode body;
    try {
      body = ctx.body().isBlank() ? null : json.readTree(ctx.body());
    } catch (JsonProcessingException e) {
      throw new BadRequest("the body must be JSON: {\"edges\": [\"id\", ...]} or {\"all\": true}");
    }
    boolean all = body != null && body.path("all").asBoolean(false);
    java.util.Set<String> ids = new java.util.TreeSet<>();
    if (body != null && body.path("edges").isArray()) {
      body.path("edges").forEach(id -> ids.add(id.asText()));
    }
    if (!all && ids.isEmpty()) {
      throw new BadRequest("name the edges: {\"edges\": [\"id\", ...]}, or {\"all\": true} for every proposal");
    }
    if (!all) {
      java.util.Set<String> known = new java.util.HashSet<>();
      learned.edges(workload).forEach(h -> known.add(h.id()));
      List<String> unknown = ids.stream().filter(id -> !known.contains(id)).toList();
      if (!unknown.isEmpty()) {
        throw new NotFound("no learned edge " + String.join(", ", unknown) + " into " + workload);
      }
    }
    List<String> decided = learned.setState(workload, ids, all, state);
    if (!decided.isEmpty()) {
      store.write(tx -> tx.audit(auditAction, workload, String.join(",", decided)));
    }
    send(ctx, HttpStatus.OK, Map.of("workload", workload, "state", state.name(), "edges", decided));
  }

  /** Edges seen in MONITOR or ENFORCE outside the allowlist, most recent first. */
  private void violations(Context ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String workload : learned.workloads()) {
      for (EdgeHistory h : learned.edges(workload)) {
        if (h.violations() == 0) {
          continue;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("workload", workload);
        row.put("id", h.id());
        row.put("state", h.state().name());
        row.put("source", h.edge().source().value());
        row.put("port", h.edge().port());
        row.put("protocol", h.edge().protocol());
        row.put("method", h.edge().method());
        row.put("path", h.edge().pathTemplate());
        row.put("violations", h.violations());
        row.put("lastSeen", h.lastSeen().toString());
        out.add(row);
      }
    }
    out.sort((a, b) -> ((String) b.get("lastSeen")).compareTo((String) a.get("lastSeen")));
    send(ctx, HttpStatus.OK, out);
  }

  /** The workload's learned edges as a WorkloadPolicy, in YAML ready to commit and apply. */
  private void exportLearned(Context ctx) {
    String workload = ctx.pathParam("namespace") + "/" + ctx.pathParam("workload");
    List<EdgeHistory> edges = learned.edges(workload);
    if (edges.isEmpty()) {
      throw new NotFound("nothing learned for " + workload);
    }
    ctx.contentType(YAML).result(codec.write(LearnedPolicy.export(workload, edges)));
  }

  private void flowObservations(Context ctx) {
    send(ctx, HttpStatus.OK, store.flowObservations(longParam(ctx, "after", 0), since(ctx), limit(ctx)));
  }

  private static int limit(Context ctx) {
    return (int) Math.min(1000, Math.max(1, longParam(ctx, "limit", 100)));
  }

  /** {@code since}: an ISO-8601 instant ("2026-05-01T10:00:00Z") or epoch milliseconds; default: the beginning. */
  private static java.time.Instant since(Context ctx) {
    String value = ctx.queryParam("since");
    if (value == null || value.isBlank()) {
      return java.time.Instant.EPOCH;
    }
    try {
      return value.chars().allMatch(Character::isDigit)
          ? java.time.Instant.ofEpochMilli(Long.parseLong(value))
          : java.time.Instant.parse(value);
    } catch (RuntimeException e) {
      throw new BadRequest("query parameter 'since' must be an ISO-8601 instant or epoch milliseconds, got '"
          + value + "'");
    }
  }

  private static long longParam(Context ctx, String name, long fallback) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new BadRequest("query parameter '" + name + "' must be a whole number, got '" + value + "'");
    }
  }

  private void send(Context ctx, HttpStatus status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(json.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  /** A request the API refuses with 400. */
  static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }

  /** A request for something that does not exist: 404. */
  static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }
}
