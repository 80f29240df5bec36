package io.meshward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.Code;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.meshward.controlplane.ControlPlane;
import io.meshward.controlplane.ControlPlaneConfig;
import io.meshward.waf.service.ReportingConfig;
import io.meshward.waf.service.WafFilterConfig;
import io.meshward.waf.service.WafFilterServer;
import io.meshward.waf.service.telemetry.TelemetrySettings;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * waf-filter's events and flow observations, end to end over real gRPC on loopback: a real waf-filter (CRS v4) sends
 * to a real control plane, which stores them and shows them on its admin API. The attack string must appear nowhere
 * in what leaves the request path: events, flows, the audit log, the metrics.
 */
class TelemetryEndToEndTest {
  /** The SQL injection, as the query string carries it, and the distinctive part of it that must never be reported. */
  private static final String ATTACK_TARGET =
      "/api/orders?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--";
  private static final String ATTACK_MARKER = "username,password";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void anAttackBecomesAStoredSecurityEventAndABenignRequestOnlyAFlowWithNoPayloadAnywhere() throws Exception {
    Path auditLog = tmp.resolve("audit/waf.jsonl");
    // With a warm-up, whose checks include an attack: it reports nothing, so every count below is this test's own.
    try (ControlPlane controlPlane = ControlPlane.start(controlPlaneConfig(tmp.resolve("data"), 0));
         WafFilterServer waf = WafFilterServer.start(wafConfig("127.0.0.1:" + controlPlane.xdsPort(),
             TelemetrySettings.defaults(), auditLog).withWarmUp(Duration.ofMillis(500)));
         Client client = new Client(waf.port())) {
      String admin = "http://127.0.0.1:" + controlPlane.adminPort();

      CheckResponse denied = client.check(ATTACK_TARGET, "ENFORCE", "attack-request-0001");
      assertThat(denied.getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);

      JsonNode events = await().atMost(Duration.ofSeconds(20)).until(() -> getJson(admin + "/api/v1/events"),
          list -> list.size() == 1);
      JsonNode event = events.get(0);
      assertThat(event.path("workload").asText()).isEqualTo("shop/payments");
      assertThat(event.path("sourcePrincipal").asText()).isEqualTo("spiffe://cluster.local/ns/shop/sa/checkout");
      assertThat(event.path("sourceAddress").asText()).isEqualTo("10.20.3.17");
      assertThat(event.path("requestId").asText()).isEqualTo("attack-request-0001");
      assertThat(event.path("mode").asText()).isEqualTo("ENFORCE");
      assertThat(event.path("action").asText()).isEqualTo("DENIED");
      assertThat(event.path("severity").asText()).isEqualTo("CRITICAL");
      assertThat(event.path("inboundScore").asInt()).isGreaterThanOrEqualTo(5);
      assertThat(event.path("rules").findValuesAsText("id")).contains("942100", "949110");

      CheckResponse allowed = client.check("/api/orders?page=2", "ENFORCE", "benign-request-0002");
      assertThat(allowed.getStatus().getCode()).isEqualTo(Code.OK_VALUE);

      JsonNode flows = await().atMost(Duration.ofSeconds(20)).until(() -> getJson(admin + "/api/v1/flows"),
          list -> list.size() == 2);
      JsonNode benign = flows.get(1);
      assertThat(benign.path("requestId").asText()).isEqualTo("benign-request-0002");
      assertThat(benign.path("path").asText()).isEqualTo("/api/orders");
      assertThat(benign.path("method").asText()).isEqualTo("GET");
      assertThat(benign.path("verdict").asText()).isEqualTo("ALLOWED");
      assertThat(benign.path("destinationWorkload").asText()).isEqualTo("shop/payments");
      assertThat(benign.path("port").asInt()).isEqualTo(8080);
      assertThat(flows.get(0).path("verdict").asText()).isEqualTo("DENIED");
      assertThat(flows.get(0).path("path").asText()).isEqualTo("/api/orders");
      // The benign request is a flow only: still exactly one security event.
      assertThat(getJson(admin + "/api/v1/events")).hasSize(1);

      // Both flows taught the control plane one edge: the caller may GET /api/orders on shop/payments.
      MeshwardCli.Result learned = MeshwardCli.against(admin).run("learned", "show", "shop/payments");
      assertThat(learned.exitCode()).as(learned.toString()).isZero();
      assertThat(learned.outLines()).hasSize(2);
      assertThat(learned.outLines().get(0)).startsWith("ID ").contains("STATE", "SOURCE", "PATH");
      assertThat(learned.outLines().get(1)).matches("[0-9a-f]{10}\\s+ALLOWED\\s+"
          + "spiffe://cluster\\.local/ns/shop/sa/checkout\\s+8080\\s+http\\s+GET\\s+/api/orders\\s+2\\s+.*");
      assertThat(MeshwardCli.against(admin).run("learned", "show").outLines())
          .anySatisfy(line -> assertThat(line).matches("shop/payments\\s+1"));

      // Exported as a WorkloadPolicy, it applies as it is; the control plane then exports the same policy again.
      MeshwardCli.Result export = MeshwardCli.against(admin).run("learned", "export", "shop/payments");
      assertThat(export.exitCode()).as(export.toString()).isZero();
      assertThat(export.out()).contains("kind: WorkloadPolicy", "name: payments-learned",
          "principal: spiffe://cluster.local/ns/shop/sa/checkout", "- /api/orders");
      Path exported = tmp.resolve("payments-learned.yaml");
      Files.writeString(exported, export.out());
      MeshwardCli.Result apply = MeshwardCli.against(admin).run("policy", "apply", "-f", exported.toString());
      assertThat(apply.outLines()).as(apply.toString())
          .containsExactly("WorkloadPolicy shop/payments-learned created (generation 1)");
      assertThat(MeshwardCli.against(admin).run("policy", "apply", "-f", exported.toString()).outLines())
          .containsExactly("WorkloadPolicy shop/payments-learned unchanged (generation 1)");


      String metricsUrl = "http://127.0.0.1:" + waf.adminPort().orElseThrow() + "/metrics";
      // The acknowledgement is counted after the control plane stored the batch: wait for it.
      String metrics = await().atMost(Duration.ofSeconds(10)).until(() -> getText(metricsUrl),
          text -> text.contains("meshward_waf_reports_sent_total{kind=\"flow\"} 2.0"));
      assertThat(metrics)
          .contains("meshward_waf_checks_total{mode=\"enforce\",profile=\"default\",service=\"ext_authz\","
              + "verdict=\"denied\"} 1.0")
          .contains("meshward_waf_checks_total{mode=\"enforce\",profile=\"default\",service=\"ext_authz\","
              + "verdict=\"allowed\"} 1.0")
          .contains("meshward_waf_rule_hits_total{rule_id=\"942100\"} 1.0")
          .contains("meshward_waf_reports_sent_total{kind=\"event\"} 1.0");

      await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(auditLog)
          && Files.readAllLines(auditLog).size() == 1);
      String auditLine = Files.readAllLines(auditLog).get(0);
      JsonNode audit = JSON.readTree(auditLine);
      assertThat(audit.path("request_id").asText()).isEqualTo("attack-request-0001");
      assertThat(audit.path("action").asText()).isEqualTo("denied");
      assertThat(audit.path("path").asText()).isEqualTo("/api/orders");
      assertThat(audit.path("rule_ids").toString()).contains("942100");

      String everything = getText(admin + "/api/v1/events") + getText(admin + "/api/v1/flows") + auditLine
          + metrics;
      assertThat(everything).doesNotContainIgnoringCase(ATTACK_MARKER).doesNotContainIgnoringCase("union select")
          .doesNotContain("page=2");

      // In ENFORCE a new call is a proposal and a violation until an operator accepts it.
      MeshwardCli.against(admin).run("mode", "set", "shop/payments", "enforce");
      client.check("/api/refunds/42", "ENFORCE", "new-path-0003");
      JsonNode violations = await().atMost(Duration.ofSeconds(20))
          .until(() -> getJson(admin + "/api/v1/violations"), list -> list.size() == 1);
      String proposal = violations.get(0).path("id").asText();
      MeshwardCli.Result listed = MeshwardCli.against(admin).run("violations");
      assertThat(listed.outLines().get(1)).as(listed.toString()).startsWith("shop/payments")
          .contains(proposal, "PROPOSED", "/api/refunds/{id}");
      MeshwardCli.Result accepted = MeshwardCli.against(admin).run("learned", "accept", "shop/payments", proposal);
      assertThat(accepted.outLines()).as(accepted.toString())
          .containsExactly("accepted 1 edge of shop/payments: " + proposal);
      assertThat(MeshwardCli.against(admin).run("learned", "show", "shop/payments").outLines())
          .anySatisfy(line -> assertThat(line).startsWith(proposal).contains("ALLOWED"));
      assertThat(MeshwardCli.against(admin).run("learned", "accept", "shop/payments").exitCode())
          .as("neither ids nor --all").isEqualTo(2);
    }
  }

  @Test
  void fiveAttacksQuarantineTheirSourceAndMeshwardQuarantineListsAndReleasesIt() throws Exception {
    try (ControlPlane controlPlane = ControlPlane.start(controlPlaneConfig(tmp.resolve("data"), 0));
         WafFilterServer waf = WafFilterServer.start(wafConfig("127.0.0.1:" + controlPlane.xdsPort(),
             TelemetrySettings.defaults()));
         Client client = new Client(waf.port())) {
      String admin = "http://127.0.0.1:" + controlPlane.adminPort();
      // The default rule: 5 events of severity CRITICAL or worse from one source within 60 s.
      for (int i = 0; i < 5; i++) {
        client.check(ATTACK_TARGET, "ENFORCE", "quarantine-attack-000" + i);
      }

      JsonNode quarantines = await().atMost(Duration.ofSeconds(20))
          .until(() -> getJson(admin + "/api/v1/quarantines"), list -> list.size() == 1);
      assertThat(quarantines.get(0).path("source").asText()).isEqualTo("spiffe://cluster.local/ns/shop/sa/checkout");
      String id = quarantines.get(0).path("id").asText();

      MeshwardCli.Result list = MeshwardCli.against(admin).run("quarantine", "list");
      assertThat(list.exitCode()).as(list.toString()).isZero();
      assertThat(list.outLines().get(0)).matches("ID\\s+SOURCE\\s+STATE\\s+SINCE\\s+UNTIL\\s+EVENTS\\s+REASON");
      assertThat(list.outLines().get(1)).startsWith(id)
          .contains("spiffe://cluster.local/ns/shop/sa/checkout", "IN_FORCE", " 5 ", "CRITICAL or worse");

      MeshwardCli.Result release = MeshwardCli.against(admin).run("quarantine", "release", id, "--reason",
          "pen test");
      assertThat(release.outLines()).as(release.toString())
          .containsExactly("quarantine " + id + " released (released by an operator: pen test)");
      assertThat(MeshwardCli.against(admin).run("quarantine", "list").outLines()).hasSize(1);
      assertThat(MeshwardCli.against(admin).run("quarantine", "list", "--all").outLines().get(1)).contains("ENDED");
      MeshwardCli.Result again = MeshwardCli.against(admin).run("quarantine", "release", id);
      assertThat(again.exitCode()).isNotZero();
      assertThat(again.err()).contains("no quarantine " + id + " is in force");
    }
  }

  @Test
  void whileTheControlPlaneIsDownRequestsAreAnsweredAndTheQueueDropsTheOldestThenDeliveryResumes()
      throws Exception {
    int port = freePort();
    TelemetrySettings small = TelemetrySettings.defaults().withQueues(2, 3)
        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
    try (WafFilterServer waf = WafFilterServer.start(wafConfig("127.0.0.1:" + port, small));
         Client client = new Client(waf.port())) {
      for (int i = 0; i < 8; i++) {
        // A short deadline: the answer must not wait for the absent control plane.
        CheckResponse response = client.check("/api/orders/" + i, "MONITOR", "down-request-000" + i);
        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
      }
      for (int i = 0; i < 3; i++) {
        CheckResponse response = client.check(ATTACK_TARGET, "MONITOR", "down-attack-000" + i);
        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
      }
      String metricsUrl = "http://127.0.0.1:" + waf.adminPort().orElseThrow() + "/metrics";
      // Reports are queued just after each answer is sent: wait until the last one is in.
      String metrics = await().atMost(Duration.ofSeconds(10)).until(() -> getText(metricsUrl),
          text -> counter(text, "meshward_waf_reports_queued_total{kind=\"flow\"}") == 11
              && counter(text, "meshward_waf_reports_queued_total{kind=\"event\"}") == 3);
      // 11 flows into a queue of 3, plus the one batch (1-3 flows) the sender holds for its retries: 5 to 8 dropped.
      assertThat(counter(metrics, "meshward_waf_reports_dropped_total{kind=\"flow\"}")).isBetween(5L, 8L);
      assertThat(counter(metrics, "meshward_waf_reports_queued_total{kind=\"event\"}")).isEqualTo(3);
      assertThat(counter(metrics, "meshward_waf_reports_queued_total{kind=\"flow\"}")).isEqualTo(11);
      // The sender tries every 250 ms: its first failed attempt may come after the last request was answered.
      await().atMost(Duration.ofSeconds(10)).until(
          () -> counter(getText(metricsUrl), "meshward_waf_telemetry_delivery_failures_total") >= 1);
      assertThat(counter(metrics, "meshward_waf_reports_sent_total{kind=\"flow\"}")).isZero();

      try (ControlPlane controlPlane = ControlPlane.start(controlPlaneConfig(tmp.resolve("data"), port))) {
        String admin = "http://127.0.0.1:" + controlPlane.adminPort();
        // What the queues kept arrives once the control plane is back. Dropping takes the oldest, so the newest
        // report of each kind is kept, and it travels in the last batch: once it is in, all that was kept is.
        JsonNode flows = await().atMost(Duration.ofSeconds(30)).until(() -> getJson(admin + "/api/v1/flows"),
            list -> list.findValuesAsText("requestId").contains("down-attack-0002"));
        JsonNode events = await().atMost(Duration.ofSeconds(30)).until(() -> getJson(admin + "/api/v1/events"),
            list -> list.findValuesAsText("requestId").contains("down-attack-0002"));
        // Nothing is lost silently: every report was either delivered or counted as dropped.
        String after = getText(metricsUrl);
        assertThat(counter(after, "meshward_waf_reports_dropped_total{kind=\"flow\"}") + flows.size())
            .isEqualTo(11);
        assertThat(counter(after, "meshward_waf_reports_dropped_total{kind=\"event\"}") + events.size())
            .isEqualTo(3);

        // And new reports flow at once.
        client.check("/api/orders/after", "MONITOR", "after-restart-0001");
        await().atMost(Duration.ofSeconds(20)).until(() -> getJson(admin + "/api/v1/flows")
            .findValuesAsText("requestId").contains("after-restart-0001"));
      }
    }
  }

  private static ControlPlaneConfig controlPlaneConfig(Path data, int xdsPort) {
    return ControlPlaneConfig.defaults().withDataDir(data)
        .withXdsAddress(new InetSocketAddress("127.0.0.1", xdsPort))
        .withAdminAddress(new InetSocketAddress("127.0.0.1", 0));
  }

  private static WafFilterConfig wafConfig(String controlPlane, TelemetrySettings telemetry) {
    return wafConfig(controlPlane, telemetry, null);
  }

  private static WafFilterConfig wafConfig(String controlPlane, TelemetrySettings telemetry, Path auditLog) {
    return WafFilterConfig.defaults(crsV4()).withAddress(new InetSocketAddress("127.0.0.1", 0))
        .withReporting(ReportingConfig.defaults().withControlPlane(controlPlane)
            .withAdminAddress(new InetSocketAddress("127.0.0.1", 0)).withTelemetry(telemetry)
            .withAuditLog(auditLog, 1024 * 1024))
        .withWarmUp(Duration.ZERO);
  }

  private static Path crsV4() {
    return Path.of(System.getProperty("meshward.shared.dir", "../../shared")).resolve("crs").resolve("v4");
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static long counter(String metrics, String series) {
    return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
        .map(line -> (long) Double.parseDouble(line.substring(series.length() + 1).trim())).orElse(0L);
  }

  private static String getText(String url) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }

  private static JsonNode getJson(String url) throws Exception {
    return JSON.readTree(getText(url));
  }

  /** ext_authz over a real channel, with CheckRequests shaped as Envoy sends them. */
  private static final class Client implements AutoCloseable {
    private final ManagedChannel channel;

    Client(int port) {
      this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    CheckResponse check(String target, String mode, String requestId) {
      AttributeContext.HttpRequest http = AttributeContext.HttpRequest.newBuilder()
          .setId(requestId).setMethod("GET").setPath(target).setHost("payments.shop.svc").setScheme("http")
          .setProtocol("HTTP/1.1")
          .putHeaders(":authority", "payments.shop.svc").putHeaders(":path", target)
          .putHeaders(":method", "GET").putHeaders(":scheme", "http")
          .putHeaders("user-agent", "checkout/2.3 (grpc-java)").putHeaders("accept", "application/json")
          .putHeaders("x-request-id", requestId)
          .build();
      CheckRequest request = CheckRequest.newBuilder()
          .setAttributes(AttributeContext.newBuilder()
              .setSource(peer("10.20.3.17", 48122, "spiffe://cluster.local/ns/shop/sa/checkout"))
              .setDestination(peer("10.20.5.9", 8080, "spiffe://cluster.local/ns/shop/sa/payments"))
              .setRequest(AttributeContext.Request.newBuilder().setHttp(http))
              .putContextExtensions("meshward.workload", "shop/payments")
              .putContextExtensions("meshward.mode", mode)
              .putContextExtensions("meshward.profile", "default"))
          .build();
      return AuthorizationGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).check(request);
    }

    private static AttributeContext.Peer peer(String ip, int port, String principal) {
      return AttributeContext.Peer.newBuilder()
          .setAddress(Address.newBuilder().setSocketAddress(
              SocketAddress.newBuilder().setAddress(ip).setPortValue(port)))
          .setPrincipal(principal)
          .build();
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
