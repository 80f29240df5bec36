package io.meshward.waf.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.meshward.waf.service.profile.BodyLimitOutcome;
import io.meshward.waf.service.profile.FailPolicy;
import io.meshward.waf.service.profile.WafProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and malformed input, body limits, time budgets and fail policies, health and reflection: each has a
 * defined outcome over real gRPC, and the service keeps answering.
 */
class LimitsAndBadInputTest {
  private static RunningWafFilter waf;

  @BeforeAll
  static void start() throws Exception {
    WafProfile roomy = WafProfile.defaultProfile().withTimeBudget(Duration.ofSeconds(10));
    waf = RunningWafFilter.start(List.of(
        roomy.withName("roomy"),
        roomy.withName("partial").withBodyLimit(64 * 1024, BodyLimitOutcome.INSPECT_PARTIAL),
        WafProfile.defaultProfile().withName("instant-open").withTimeBudget(Duration.ofNanos(1)),
        WafProfile.defaultProfile().withName("instant-closed").withTimeBudget(Duration.ofNanos(1))
            .withFailPolicy(FailPolicy.CLOSED)));
  }

  @AfterAll
  static void stop() throws Exception {
    waf.close();
  }

  private static CheckResponse check(EnvoyCheck request) {
    return waf.authz().check(request.build());
  }

  private static Map<String, String> added(CheckResponse response) {
    return AuthorizationServiceTest.headers(response.getOkResponse().getHeadersList());
  }

  @Test
  void aTenMegabyteBodyIsRefusedWith413InEnforceUnderTheDefaultOutcome() {
    byte[] body = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(body, (byte) 'a');

    CheckResponse response = check(EnvoyCheck.request("POST", "/api/upload").body("text/plain", body)
        .route("shop/payments", "ENFORCE", "roomy"));

    assertThat(response.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(413);
    assertThat(response.getDeniedResponse().getBody()).contains("\"error\":\"payload too large\"");
    assertThat(response.getDynamicMetadata().getFieldsOrThrow("inspected_request_bytes").getNumberValue()).isZero();
  }

  @Test
  void aTenMegabyteBodyUnderInspectPartialHasOnlyItsFirst64KibInspected() {
    byte[] body = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(body, (byte) 'b');

    CheckResponse response = check(EnvoyCheck.request("POST", "/api/upload").body("text/plain", body)
        .route("shop/payments", "ENFORCE", "partial"));

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(added(response)).containsEntry("x-meshward-waf-body", "partial");
    assertThat(response.getDynamicMetadata().getFieldsOrThrow("inspected_request_bytes").getNumberValue())
        .isEqualTo(64 * 1024);
  }

  @Test
  void aBodyEnvoyCutAtMaxRequestBytesIsReportedAsPartial() {
    CheckResponse response = check(EnvoyCheck.request("POST", "/api/notes")
        .partialBody("text/plain", "hello".getBytes(StandardCharsets.UTF_8), 1000)
        .route("shop/payments", "MONITOR", "roomy"));

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(added(response)).containsEntry("x-meshward-waf-body", "partial");
    assertThat(response.getDynamicMetadata().getFieldsOrThrow("inspected_request_bytes").getNumberValue())
        .isEqualTo(5);
  }

  @Test
  void jsonNested10000DeepIsAFindingThatEnforceDenies() {
    String json = "[".repeat(10_000) + "]".repeat(10_000);

    CheckResponse response = check(EnvoyCheck.request("POST", "/api/orders")
        .body("application/json", json.getBytes(StandardCharsets.UTF_8))
        .route("shop/payments", "ENFORCE", "roomy"));

    assertThat(response.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
    assertThat(response.getDeniedResponse().getBody()).contains("200002");
  }

  @Test
  void aBrokenMultipartBodyIsAFindingThatEnforceDenies() {
    String broken = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--XyZ\r\n"
        + "Content-Disposition: form-data; name=\"b\r\n\r\nno end";

    CheckResponse response = check(EnvoyCheck.request("POST", "/api/upload")
        .body("multipart/form-data; boundary=XyZ", broken.getBytes(StandardCharsets.ISO_8859_1))
        .route("shop/payments", "ENFORCE", "roomy"));

    assertThat(response.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
    assertThat(response.getDeniedResponse().getBody()).containsAnyOf("200002", "200003");
  }

  @Test
  void invalidUtf8InTargetHeadersAndBodyIsInspectedAsBytes() {
    byte[] body = {'a', '=', (byte) 0xc3, (byte) 0x28, '&', 'b', '=', (byte) 0xff, (byte) 0xfe};

    CheckResponse response = check(EnvoyCheck.request("POST", "/api/search?q=%c3%28%ff")
        .header("x-note", new String(new byte[] {'n', (byte) 0xc3, (byte) 0xa9}, StandardCharsets.UTF_8))
        .body("application/x-www-form-urlencoded", body).route("shop/payments", "MONITOR", "roomy"));

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(added(response)).doesNotContainKey("x-meshward-waf-error");
  }

  @Test
  void sixtyFourKibOfHeadersAreInspectedWithinTheBudget() {
    EnvoyCheck request = EnvoyCheck.get("/api/orders").route("shop/payments", "MONITOR", "roomy");
    for (int i = 0; i < 64; i++) {
      request.header("x-filler-" + i, "v".repeat(1000));
    }

    CheckResponse response = check(request);

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(added(response)).doesNotContainKey("x-meshward-waf-error");
  }

  @Test
  void theServiceKeepsAnsweringBenignRequestsWhileHostileOnesAreInspected() throws Exception {
    String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
    List<CompletableFuture<CheckResponse>> hostile = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      hostile.add(CompletableFuture.supplyAsync(() -> check(EnvoyCheck.request("POST", "/api/orders")
          .body("application/json", deep.getBytes(StandardCharsets.UTF_8))
          .route("shop/payments", "ENFORCE", "roomy"))));
    }
    List<CheckResponse> benign = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      benign.add(check(EnvoyCheck.get("/api/orders?page=" + i).route("shop/payments", "ENFORCE", "roomy")));
    }

    assertThat(benign).allSatisfy(r -> assertThat(r.getStatus().getCode()).isEqualTo(Code.OK_VALUE));
    for (CompletableFuture<CheckResponse> future : hostile) {
      assertThat(future.get(60, TimeUnit.SECONDS).getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
    }
  }

  @Test
  void aSpentTimeBudgetFailsOpenUnderAFailOpenProfile() {
    CheckResponse response = check(EnvoyCheck.get(AuthorizationServiceTest.SQLI)
        .route("shop/payments", "ENFORCE", "instant-open"));

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(added(response)).containsEntry("x-meshward-waf-error", "timeout");
  }

  @Test
  void aSpentTimeBudgetFailsClosedUnderAFailClosedProfile() {
    CheckResponse response = check(EnvoyCheck.get("/api/orders").route("shop/payments", "ENFORCE",
        "instant-closed"));

    assertThat(response.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(503);
    assertThat(response.getDeniedResponse().getBody()).contains("\"reason\":\"timeout\"");
  }

  @Test
  void failClosedNeverDeniesOutsideEnforce() {
    CheckResponse response = check(EnvoyCheck.get("/api/orders").route("shop/payments", "MONITOR",
        "instant-closed"));

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(added(response)).containsEntry("x-meshward-waf-error", "timeout");
  }

  @Test
  void aCheckRequestWithoutHttpAttributesGetsADefinedAnswer() {
    CheckResponse response = waf.authz().check(CheckRequest.getDefaultInstance());

    // No mode: MONITOR (ContextPolicy.defaults), so whatever the engine makes of "GET /" it is allowed.
    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
  }

  @Test
  void emptyHeaderNamesAreDroppedAndAnInvalidTargetIsInspectedAsReceived() {
    CheckResponse response = check(new EnvoyCheck().path("/api/a b|c^{x}")
        .rawHeader(":method", "GET").rawHeader(":path", "/api/a b|c^{x}").rawHeader(":authority", "p.shop.svc")
        .rawHeader("", "nameless").rawHeader("user-agent", "checkout/2.3").rawHeader("accept", "*/*")
        .route("shop/payments", "MONITOR", "roomy"));

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(added(response)).doesNotContainKey("x-meshward-waf-error");
  }

  @Test
  void anUnknownProfileUsesTheDefaultAndAnUnknownModeEnforces() {
    CheckResponse unknownProfile = check(EnvoyCheck.get(AuthorizationServiceTest.SQLI)
        .route("shop/payments", "MONITOR", "no-such-profile"));
    CheckResponse unknownMode = check(EnvoyCheck.get(AuthorizationServiceTest.SQLI)
        .route("shop/payments", "ENFORCING", "default"));

    assertThat(unknownProfile.getDynamicMetadata().getFieldsOrThrow("profile").getStringValue())
        .isEqualTo("default");
    assertThat(unknownMode.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
    assertThat(unknownMode.getDynamicMetadata().getFieldsOrThrow("mode").getStringValue()).isEqualTo("ENFORCE");
  }

  @Test
  void healthAndReflectionAnswerAfterAllOfThat() throws Exception {
    HealthCheckResponse health = HealthGrpc.newBlockingStub(waf.channel)
        .check(HealthCheckRequest.newBuilder().setService("envoy.service.auth.v3.Authorization").build());
    CompletableFuture<ServerReflectionResponse> listed = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> reflection = ServerReflectionGrpc.newStub(waf.channel)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse value) {
            listed.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            listed.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    reflection.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());

    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(listed.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList())
        .extracting(s -> s.getName())
        .containsAll(WafFilterServer.SERVICES);
    reflection.onCompleted();
  }
}
