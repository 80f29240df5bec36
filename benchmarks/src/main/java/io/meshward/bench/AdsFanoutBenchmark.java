package io.meshward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ADS fan-out: how long a policy change takes to reach, and be ACKed by, every one of N connected sidecars, and how
 * much heap the control plane needs for them.
 *
 * <p>For each N: a control plane is started in a child JVM ({@link ChildControlPlane}); one WorkloadPolicy per
 * workload is applied ({@link BenchPolicies}); N simulated sidecars connect ({@link SimulatedNode}) and ACK their
 * initial configuration; then the namespace's mode is changed a few times over the admin API (seven times by
 * default: enforce, learn, enforce, ...), each change changing every node's listener and route. For each change:
 * the time from just before the PUT to each node's ACK of its new configuration, percentiles and max, nodes within
 * the target, and a cross-check of the server's own view of what every node ACKed. The control plane's heap is
 * sampled throughout, and measured again after a full GC at the end.
 *
 * <p>Run with {@code --help} for the options.
 */
public final class AdsFanoutBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Options options;

  private AdsFanoutBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.println(Options.USAGE);
      return;
    }
    AdsFanoutBenchmark benchmark = new AdsFanoutBenchmark(options);
    List<RunResult> results = new ArrayList<>();
    for (int nodes : options.nodes) {
      results.add(benchmark.run(nodes));
    }
    String summary = Report.summary(results, options);
    System.out.println();
    System.out.println(summary);
    Files.createDirectories(options.out);
    Files.writeString(options.out.resolve("summary.md"), summary);
    boolean failed = results.stream().anyMatch(r -> !r.failures.isEmpty());
    if (failed) {
      System.out.println("FAILED: " + results.stream().filter(r -> !r.failures.isEmpty())
          .map(r -> "N=" + r.nodes + ": " + String.join("; ", r.failures)).toList());
    }
    System.exit(failed ? 1 : 0);
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Everything measured for one N. */
  static final class RunResult {
    final int nodes;
    int channels;
    double connectSeconds;
    double policyApplyMillis;
    List<String> routeNames = List.of();
    int serverConnected;
    int serverConsistent;
    final List<ChangeResult> changes = new ArrayList<>();
    double heapMaxConnect;
    double heapMax;
    double heapAfterFullGc = Double.NaN;
    double oldGenAfterFullGc = Double.NaN;
    long rssEnd;
    long rssMax;
    double cpCpuTotal;
    double driverCpuTotal;
    int samplerFailures;
    int samples;
    double busyCoresBefore = Double.NaN;
    Path runDir;
    final List<String> failures = new ArrayList<>();
    final List<String> changeReports = new ArrayList<>();

    RunResult(int nodes) {
      this.nodes = nodes;
    }
  }

  /** One change and how it reached the nodes. */
  static final class ChangeResult {
    int index;
    String mode;
    double replyMillis;
    /** Per node, ms from t0 to the ACK of the new listener. */
    double[] ldsAck = new double[0];
    /** Per node, ms from t0 to the ACK of the last type that changed (its whole new configuration). */
    double[] fullAck = new double[0];
    double[] ldsReceived = new double[0];
    int[] changedTypes = new int[3];
    int missing;
    int withinTarget;
    int serverConnected;
    int serverConsistent;
    double publishSeconds;
    long publishPasses;
    double publishMaxSeconds;
    long gcPauses;
    double gcPauseSeconds;
    double cpCpuToQuiet;
    double driverCpuToQuiet;
    double cpCpuDuringFanout = Double.NaN;
    double driverCpuDuringFanout = Double.NaN;
    double otherCpuDuringFanout = Double.NaN;
    double heapMax;
    long unchangedResponses;
    Map<String, Double> responsesSent = new HashMap<>();
    Map<String, Double> acksSeen = new HashMap<>();
    double windowSeconds;
    Map<String, Double> cpThreads = Map.of();
    Map<String, Double> driverThreads = Map.of();
  }

  // ---------------------------------------------------------------------------------------------------------------

  private RunResult run(int n) throws Exception {
    RunResult result = new RunResult(n);
    Path runDir = options.out.resolve("n" + n);
    result.runDir = runDir;
    clean(runDir);
    int channels = options.channels > 0 ? options.channels : Math.max(1, Math.min(32, (n + 149) / 150));
    result.channels = channels;
    System.out.printf(Locale.ROOT, "%n=== N = %,d nodes: %d workloads in namespace '%s', %d rules per policy, "
            + "%d channels, %d client threads; control plane -Xmx%s -XX:+UseG1GC %s%n", n, options.workloads,
        options.namespace, options.rules, channels, options.clientThreads, options.xmx,
        String.join(" ", options.jvmArgs));

    if (options.waitIdleSeconds > 0) {
      result.busyCoresBefore = SystemCpu.awaitIdle(options.idleCores, options.waitIdleSeconds);
    }
    long startNanos = System.nanoTime();
    double driverCpuStart = SelfCpu.seconds();
    try (ChildControlPlane child = ChildControlPlane.start(options.xmx, options.jvmArgs, options.gcLog,
        options.jfr, runDir, Duration.ofSeconds(60))) {
      System.out.printf(Locale.ROOT, "control plane pid %d: xDS 127.0.0.1:%d, admin 127.0.0.1:%d (logs in %s)%n",
          child.pid(), child.xdsPort(), child.adminPort(), runDir);
      Files.writeString(runDir.resolve("cp-command.txt"), String.join(" ", child.command()) + "\n");
      MetricsSampler sampler = new MetricsSampler(child, options.sampleMillis, startNanos);
      try (NodeFleet fleet = new NodeFleet(child.xdsPort(), channels, options.clientThreads,
          options.flowControlWindow)) {
        AdminHttp admin = new AdminHttp(child.adminPort());
        try {
          measure(result, child, sampler, fleet, admin, runDir);
        } catch (BenchmarkFailure e) {
          result.failures.add(e.getMessage());
          System.out.println("FAILED: " + e.getMessage());
        } catch (Exception e) {
          result.failures.add(e.toString());
          System.out.println("FAILED: " + e);
          e.printStackTrace();
        }
      } finally {
        sampler.stop();
      }
      result.heapMax = sampler.maxHeap();
      result.rssMax = sampler.maxRss();
      result.samples = sampler.samples().size();
      result.samplerFailures = sampler.failures();
      sampler.writeCsv(runDir.resolve("samples.csv"));
      result.cpCpuTotal = child.cpuSeconds();
      if (!child.alive()) {
        result.failures.add("the control plane died; see " + runDir.resolve("cp-stderr.log"));
      }
    }
    result.driverCpuTotal = SelfCpu.seconds() - driverCpuStart;
    String report = Report.run(result, options);
    System.out.println(report);
    Files.writeString(runDir.resolve("report.txt"),
        String.join("\n", result.changeReports) + "\n" + report + "\n");
    return result;
  }

  private void measure(RunResult result, ChildControlPlane child, MetricsSampler sampler, NodeFleet fleet,
                       AdminHttp admin, Path runDir) throws Exception {
    int n = result.nodes;
    // Policies first, so that every node is governed from its first configuration on.
    String policies = BenchPolicies.yaml(options.namespace, options.workloads, options.rules);
    Files.writeString(runDir.resolve("policies.yaml"), policies);
    long applyStart = System.nanoTime();
    AdminHttp.Reply applied = admin.post("/api/v1/policies?source=bench-policies.yaml", "application/yaml",
        policies);
    result.policyApplyMillis = (System.nanoTime() - applyStart) / 1e6;
    if (applied.status() != 200) {
      throw new BenchmarkFailure("applying the policies failed: " + applied.status() + " " + applied.body());
    }

    // Connect in batches, each fully configured before the next opens (as a rollout would bring pods up).
    long connectStart = System.nanoTime();
    long connectDeadline = connectStart + options.connectTimeout.toNanos();
    for (int opened = 0; opened < n; ) {
      int batch = Math.min(options.connectBatch, n - opened);
      fleet.open(batch, new NodeFleet.NodeNaming(options.namespace, options.workloads));
      opened += batch;
      while (fleet.configuredCount() < opened) {
        checkStreams(fleet);
        if (System.nanoTime() > connectDeadline) {
          throw new BenchmarkFailure("only " + fleet.configuredCount() + " of " + opened
              + " nodes got their initial configuration within " + options.connectTimeout.toSeconds() + " s");
        }
        Thread.sleep(20);
      }
      System.out.printf(Locale.ROOT, "  %,d nodes configured after %.1f s%n", opened,
          (System.nanoTime() - connectStart) / 1e9);
    }
    result.connectSeconds = (System.nanoTime() - connectStart) / 1e9;
    result.heapMaxConnect = sampler.maxHeap(connectStart, System.nanoTime());
    result.routeNames = fleet.nodes().get(0).routeNames();
    for (SimulatedNode node : fleet.nodes()) {
      if (node.routeNames().isEmpty()) {
        throw new BenchmarkFailure("node " + node.id() + " was given no listener naming an RDS route");
      }
    }
    ServerView initial = awaitServerConsistent(admin, fleet, System.nanoTime() + options.changeTimeout.toNanos());
    result.serverConnected = initial.connected;
    result.serverConsistent = initial.consistent;
    if (initial.consistent != n) {
      throw new BenchmarkFailure("after connecting, the server reports " + initial.consistent + " of " + n
          + " nodes with everything served ACKed (" + initial.connected + " connected)");
    }
    Thread.sleep(options.pauseMillis);

    for (int i = 0; i < options.modes.size(); i++) {
      ChangeResult change = measureChange(i + 1, options.modes.get(i), child, sampler, fleet, admin, runDir);
      result.changes.add(change);
      String report = Report.change(change, n, options);
      result.changeReports.add(report);
      System.out.println(report);
      if (change.missing > 0) {
        throw new BenchmarkFailure(change.missing + " of " + n + " nodes never ACKed change " + change.index
            + " within " + options.changeTimeout.toSeconds() + " s");
      }
      if (change.serverConsistent != n) {
        throw new BenchmarkFailure("after change " + change.index + " the server reports only "
            + change.serverConsistent + " of " + n + " nodes with everything served ACKed");
      }
      checkStreams(fleet);
      Thread.sleep(options.pauseMillis);
    }

    // Live heap: after a full collection.
    // Live heap: what a full collection leaves, all of it in the old generation (whatever is allocated after the
    // collection, by the scrape itself among others, lands in eden and is counted in the total only).
    child.jcmd("GC.run");
    AdminHttp.Reply metrics = admin.get("/metrics");
    PromText afterGc = new PromText(metrics.body());
    result.heapAfterFullGc = afterGc.heapUsed();
    result.oldGenAfterFullGc = afterGc.sum("jvm_memory_used_bytes", "area=\"heap\"", "id=\"G1 Old Gen\"");
    result.rssEnd = child.rssBytes();
    Files.writeString(runDir.resolve("cp-heap-info.txt"), child.jcmd("GC.heap_info"));
    String histogram = child.jcmd("GC.class_histogram");
    Files.writeString(runDir.resolve("cp-class-histogram.txt"), histogram);
    Files.writeString(runDir.resolve("cp-metrics-end.txt"), metrics.body());
  }

  private ChangeResult measureChange(int index, String mode, ChildControlPlane child, MetricsSampler sampler,
                                     NodeFleet fleet, AdminHttp admin, Path runDir) throws Exception {
    List<SimulatedNode> nodes = fleet.nodes();
    int n = nodes.size();
    ChangeResult change = new ChangeResult();
    change.index = index;
    change.mode = mode;
    String[][] baseline = new String[n][];
    long unchangedBefore = 0;
    for (int i = 0; i < n; i++) {
      baseline[i] = nodes.get(i).versions();
      unchangedBefore += nodes.get(i).unchangedResponses();
    }
    int ldsChangesBefore = fleet.versionChanges(SimulatedNode.LDS);
    PromText before = new PromText(admin.get("/metrics").body());
    double cpCpu0 = child.cpuSeconds();
    double driverCpu0 = SelfCpu.seconds();
    ThreadCpu cpThreads0 = ThreadCpu.of(child.pid());
    ThreadCpu driverThreads0 = ThreadCpu.of(ProcessHandle.current().pid());

    long t0 = System.nanoTime();
    AdminHttp.Reply reply = admin.put("/api/v1/modes/" + options.namespace, "application/json",
        "{\"mode\":\"" + mode + "\"}");
    long replied = System.nanoTime();
    change.replyMillis = (replied - t0) / 1e6;
    if (reply.status() != 200) {
      throw new BenchmarkFailure("PUT /api/v1/modes/" + options.namespace + " failed: " + reply.status() + " "
          + reply.body());
    }
    long deadline = t0 + options.changeTimeout.toNanos();

    // Every node has a new listener (counted as they arrive; checked node by node below)...
    while (fleet.versionChanges(SimulatedNode.LDS) - ldsChangesBefore < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    // ...and nothing more arrives (the routes follow the listeners).
    while (System.nanoTime() - fleet.lastResponseNanos() < options.quietMillis * 1_000_000L
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long quiet = System.nanoTime();
    change.windowSeconds = (quiet - t0) / 1e9;
    change.cpCpuToQuiet = child.cpuSeconds() - cpCpu0;
    change.driverCpuToQuiet = SelfCpu.seconds() - driverCpu0;
    change.cpThreads = ThreadCpu.of(child.pid()).since(cpThreads0);
    change.driverThreads = ThreadCpu.of(ProcessHandle.current().pid()).since(driverThreads0);
    PromText after = new PromText(admin.get("/metrics").body());
    change.heapMax = sampler.maxHeap(t0, quiet);

    ServerView server = awaitServerConsistent(admin, fleet, deadline);
    change.serverConnected = server.connected;
    change.serverConsistent = server.consistent;

    // Per node: ACK of the new listener; ACK of every type that changed.
    List<Double> lds = new ArrayList<>();
    List<Double> full = new ArrayList<>();
    List<Double> ldsReceived = new ArrayList<>();
    long lastAckNanos = t0;
    long unchangedAfter = 0;
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(runDir.resolve("change-" + index + ".csv")))) {
      csv.println("node,lds_received_ms,lds_ack_ms,rds_ack_ms,cds_ack_ms,all_acked_ms");
      for (int i = 0; i < n; i++) {
        SimulatedNode node = nodes.get(i);
        unchangedAfter += node.unchangedResponses();
        SimulatedNode.TypeState[] states = {node.state(SimulatedNode.CDS), node.state(SimulatedNode.LDS),
            node.state(SimulatedNode.RDS)};
        if (states[SimulatedNode.LDS].version().equals(baseline[i][SimulatedNode.LDS])) {
          change.missing++;
          csv.println(node.id() + ",,,,,");
          continue;
        }
        long nodeLast = 0;
        String[] cells = new String[3];
        for (int type = 0; type < 3; type++) {
          if (!states[type].version().equals(baseline[i][type])) {
            change.changedTypes[type]++;
            nodeLast = Math.max(nodeLast, states[type].ackedNanos());
            cells[type] = millis(states[type].ackedNanos() - t0);
          } else {
            cells[type] = "";
          }
        }
        lastAckNanos = Math.max(lastAckNanos, nodeLast);
        lds.add((states[SimulatedNode.LDS].ackedNanos() - t0) / 1e6);
        ldsReceived.add((states[SimulatedNode.LDS].receivedNanos() - t0) / 1e6);
        full.add((nodeLast - t0) / 1e6);
        csv.println(node.id() + "," + millis(states[SimulatedNode.LDS].receivedNanos() - t0) + ","
            + cells[SimulatedNode.LDS] + "," + cells[SimulatedNode.RDS] + "," + cells[SimulatedNode.CDS] + ","
            + millis(nodeLast - t0));
      }
    }
    change.ldsAck = sorted(lds);
    change.fullAck = sorted(full);
    change.ldsReceived = sorted(ldsReceived);
    change.withinTarget = (int) full.stream().filter(ms -> ms <= options.targetMillis).count();
    change.unchangedResponses = unchangedAfter - unchangedBefore;

    change.publishSeconds = after.sum("meshward_xds_publish_seconds_sum")
        - before.sum("meshward_xds_publish_seconds_sum");
    change.publishPasses = Math.round(after.sum("meshward_xds_publish_seconds_count")
        - before.sum("meshward_xds_publish_seconds_count"));
    change.publishMaxSeconds = after.sum("meshward_xds_publish_seconds_max");
    change.gcPauses = Math.round(after.sum("jvm_gc_pause_seconds_count") - before.sum("jvm_gc_pause_seconds_count"));
    change.gcPauseSeconds = after.sum("jvm_gc_pause_seconds_sum") - before.sum("jvm_gc_pause_seconds_sum");
    for (String type : SimulatedNode.TYPE_NAMES) {
      String label = "type=\"" + type + "\"";
      change.responsesSent.put(type, after.sum("meshward_xds_responses_total", label)
          - before.sum("meshward_xds_responses_total", label));
      change.acksSeen.put(type, after.sum("meshward_xds_acks_total", label)
          - before.sum("meshward_xds_acks_total", label));
    }
    // CPU while the change was being fanned out: between the last sample before t0 and the first after the last ACK.
    MetricsSampler.Sample from = null;
    MetricsSampler.Sample to = null;
    for (MetricsSampler.Sample sample : sampler.samples()) {
      if (sample.nanos() <= t0) {
        from = sample;
      }
      if (to == null && sample.nanos() >= lastAckNanos) {
        to = sample;
      }
    }
    if (from != null && to != null) {
      change.cpCpuDuringFanout = to.childCpuSeconds() - from.childCpuSeconds();
      change.driverCpuDuringFanout = to.selfCpuSeconds() - from.selfCpuSeconds();
      change.otherCpuDuringFanout = to.machineBusySeconds() - from.machineBusySeconds()
          - change.cpCpuDuringFanout - change.driverCpuDuringFanout;
      change.windowSeconds = (to.nanos() - from.nanos()) / 1e9;
    }
    return change;
  }

  /** Empties the run directory of an earlier run's files (the GC log would otherwise be rotated, not replaced). */
  private static void clean(Path runDir) throws IOException {
    Files.createDirectories(runDir);
    try (var files = Files.list(runDir)) {
      for (Path file : files.toList()) {
        if (Files.isRegularFile(file)) {
          Files.delete(file);
        }
      }
    }
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  private static double[] sorted(List<Double> values) {
    double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(array);
    return array;
  }

  private static void checkStreams(NodeFleet fleet) {
    if (fleet.endedStreams() > 0) {
      throw new BenchmarkFailure(fleet.endedStreams() + " ADS streams ended unexpectedly (see stderr)");
    }
  }

  /** What the server says about the benchmark's nodes. */
  record ServerView(int connected, int consistent) {}

  /**
   * Polls GET /api/v1/workloads until, for every node, the server has it connected and its served, sent-to and
   * ACKed versions of each type agree with what the node itself holds; or the deadline passes.
   */
  private ServerView awaitServerConsistent(AdminHttp admin, NodeFleet fleet, long deadline) throws Exception {
    while (true) {
      ServerView view = serverView(admin, fleet);
      if (view.consistent == fleet.nodes().size() || System.nanoTime() > deadline) {
        return view;
      }
      Thread.sleep(250);
    }
  }

  private ServerView serverView(AdminHttp admin, NodeFleet fleet) throws Exception {
    AdminHttp.Reply reply = admin.get("/api/v1/workloads?namespace=" + options.namespace);
    if (reply.status() != 200) {
      throw new BenchmarkFailure("GET /api/v1/workloads failed: " + reply.status() + " " + reply.body());
    }
    Map<String, JsonNode> byId = new HashMap<>();
    for (JsonNode status : JSON.readTree(reply.body())) {
      byId.put(status.path("identity").path("nodeId").asText(), status);
    }
    int connected = 0;
    int consistent = 0;
    for (SimulatedNode node : fleet.nodes()) {
      JsonNode status = byId.get(node.id());
      if (status == null || !status.path("connected").asBoolean()) {
        continue;
      }
      connected++;
      boolean ok = true;
      String[] versions = node.versions();
      for (int type = 0; type < 3; type++) {
        JsonNode t = status.path("types").path(SimulatedNode.TYPE_NAMES.get(type));
        String served = t.path("served").asText("");
        String acked = t.path("acked").asText("");
        if (served.isEmpty() || !served.equals(acked) || !served.equals(versions[type])) {
          ok = false;
          break;
        }
      }
      if (ok) {
        consistent++;
      }
    }
    return new ServerView(connected, consistent);
  }

  /** The run cannot go on; reported, and the benchmark exits non-zero. */
  static final class BenchmarkFailure extends RuntimeException {
    BenchmarkFailure(String message) {
      super(message);
    }
  }
}
