package io.meshward.waf.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.meshward.waf.service.profile.FailPolicy;
import io.meshward.waf.service.profile.WafProfile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log and the metrics port of a real waf-filter, over real gRPC and HTTP on loopback: what ext_authz and
 * ext_proc report, with which labels, and that no payload gets in.
 */
class ReportingTest {
  @TempDir
  static Path tmp;
  private static Path auditLog;
  private static RunningWafFilter waf;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    auditLog = tmp.resolve("audit.jsonl");
    WafProfile roomy = WafProfile.defaultProfile().withTimeBudget(Duration.ofSeconds(10));
    waf = RunningWafFilter.start(RunningWafFilter.config()
        .withProfiles(List.of(roomy,
            WafProfile.defaultProfile().withName("instant-open").withTimeBudget(Duration.ofNanos(1)),
            WafProfile.defaultProfile().withName("instant-closed").withTimeBudget(Duration.ofNanos(1))
                .withFailPolicy(FailPolicy.CLOSED)))
        .withReporting(ReportingConfig.defaults().withAuditLog(auditLog, 1024 * 1024)
            .withAdminAddress(new InetSocketAddress("127.0.0.1", 0))));
  }

  @AfterAll
  static void stop() throws Exception {
    waf.close();
  }

  @Test
  void aLeakingResponseSeenByExtProcIsAuditedWithItsRulesAndWithoutTheResponseBody() throws Exception {
    Responses stream = new Responses();
    stream.requests = waf.extProc("shop/payments", "MONITOR", "default").process(stream);
    String page = ExternalProcessorServiceTest.SQL_ERROR_PAGE;
    stream.requests.onNext(ExternalProcessorServiceTest.responseHeaders("text/html", page.length()));
    stream.requests.onNext(ExternalProcessorServiceTest.responseBody(page, true));
    assertThat(stream.answers.poll(30, TimeUnit.SECONDS)).isNotNull();
    assertThat(stream.answers.poll(30, TimeUnit.SECONDS)).isNotNull();
    stream.requests.onCompleted();

    JsonNode line = await().atMost(Duration.ofSeconds(20)).until(() -> auditLine("ext_proc"), l -> l != null);
    assertThat(line.path("request_id").asText()).isEqualTo("5e1c0a7b-2d4f-4e8a-b1c3-9f7e6d5c4b3a");
    assertThat(line.path("workload").asText()).isEqualTo("shop/payments");
    assertThat(line.path("mode").asText()).isEqualTo("MONITOR");
    assertThat(line.path("path").asText()).isEqualTo("/api/orders/42");
    assertThat(line.path("outbound_anomaly_score").asInt()).isPositive();
    assertThat(line.path("rule_ids").toString()).containsPattern("951\\d{3}");
    assertThat(Files.readString(auditLog)).doesNotContain("error in your SQL syntax").doesNotContain("<html>");
    assertThat(metrics()).containsPattern(
        "meshward_waf_checks_total\\{mode=\"monitor\",profile=\"default\",service=\"ext_proc\",verdict=\"[a-z_]+\"}");
  }

  @Test
  void failOpenAndFailClosedAreCountedByReasonAndBothAreAudited() throws Exception {
    waf.authz().check(EnvoyCheck.get("/api/orders").route("shop/payments", "ENFORCE", "instant-open").build());
    waf.authz().check(EnvoyCheck.get("/api/orders").route("shop/payments", "ENFORCE", "instant-closed").build());

    // Exchanges are reported just after the answer is sent: wait until both are counted.
    String metrics = await().atMost(Duration.ofSeconds(20)).until(ReportingTest::metrics,
        text -> text.contains("verdict=\"failed_open\"") && text.contains("verdict=\"failed_closed\""));
    assertThat(metrics)
        .containsPattern("meshward_waf_fail_policy_total\\{outcome=\"open\",reason=\"timeout\"} [1-9]")
        .containsPattern("meshward_waf_fail_policy_total\\{outcome=\"closed\",reason=\"timeout\"} [1-9]")
        .contains("verdict=\"failed_open\"")
        .contains("verdict=\"failed_closed\"")
        .contains("meshward_waf_check_duration_seconds_bucket{service=\"ext_authz\"");
    // A fail-closed denial is a security event (an operator wants to know), a fail-open pass is not.
    JsonNode closed = await().atMost(Duration.ofSeconds(20)).until(() -> auditLineWith("failed_closed"),
        l -> l != null);
    assertThat(closed.path("failure").asText()).isEqualTo("timeout");
    assertThat(closed.path("status").asInt()).isEqualTo(503);
  }

  @Test
  void theMetricsPortAnswersHealthChecks() throws Exception {
    HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + waf.server.adminPort().orElseThrow() + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"ok\"");
  }

  private static String metrics() throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + waf.server.adminPort().orElseThrow() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static JsonNode auditLine(String service) throws Exception {
    return find("\"service\":\"" + service + "\"");
  }

  private static JsonNode auditLineWith(String action) throws Exception {
    return find("\"action\":\"" + action + "\"");
  }

  private static JsonNode find(String text) throws Exception {
    if (!Files.exists(auditLog)) {
      return null;
    }
    for (String line : Files.readAllLines(auditLog)) {
      if (line.contains(text)) {
        return new ObjectMapper().readTree(line);
      }
    }
    return null;
  }

  /** The client side of one ext_proc stream. */
  private static final class Responses implements io.grpc.stub.StreamObserver<ProcessingResponse> {
    final LinkedBlockingQueue<ProcessingResponse> answers = new LinkedBlockingQueue<>();
    io.grpc.stub.StreamObserver<io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest> requests;

    @Override
    public void onNext(ProcessingResponse value) {
      answers.add(value);
    }

    @Override
    public void onError(Throwable t) {
      // The test reads the answers; an error shows up as a missing one.
    }

    @Override
    public void onCompleted() {
      // Nothing to do: the answers are what the test checks.
    }
  }
}
