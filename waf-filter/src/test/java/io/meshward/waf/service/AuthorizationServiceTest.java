package io.meshward.waf.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Value;
import com.google.rpc.Code;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.meshward.waf.service.profile.WafProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ext_authz over real gRPC on loopback, with CheckRequests shaped as Envoy sends them, through CRS v4 at PL1. */
class AuthorizationServiceTest {
  static final String SQLI = "/api/orders?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--";
  private static RunningWafFilter waf;

  @BeforeAll
  static void start() throws Exception {
    // The built-in default profile, with a budget that a loaded CI machine cannot spend: these tests specify
    // mapping and modes; budgets and fail policies have their own tests (LimitsAndBadInputTest).
    waf = RunningWafFilter.start(List.of(WafProfile.defaultProfile().withTimeBudget(Duration.ofSeconds(10))));
  }

  @AfterAll
  static void stop() throws Exception {
    waf.close();
  }

  static Map<String, String> headers(List<HeaderValueOption> options) {
    return options.stream().collect(Collectors.toMap(o -> o.getHeader().getKey(), o -> o.getHeader().getValue()));
  }

  static List<Integer> ruleIds(String csv) {
    return java.util.Arrays.stream(csv.split(",")).map(Integer::valueOf).toList();
  }

  @Test
  void anSqlInjectionIsDeniedInEnforceWithA403JsonBodyThatNamesTheRulesAndEchoesNothing() throws Exception {
    CheckResponse response = waf.authz().check(EnvoyCheck.get(SQLI).route("shop/payments", "ENFORCE", "default")
        .build());

    assertThat(response.getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);
    assertThat(response.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
    assertThat(headers(response.getDeniedResponse().getHeadersList()))
        .containsEntry("content-type", "application/json")
        .containsEntry("x-meshward-request-id", "a0d3c5e1-6b2f-4b8a-9d7e-3f1c2b4a5d6e");
    String body = response.getDeniedResponse().getBody();
    JsonNode json = new ObjectMapper().readTree(body);
    assertThat(json.get("status").asInt()).isEqualTo(403);
    assertThat(json.get("request_id").asText()).isEqualTo("a0d3c5e1-6b2f-4b8a-9d7e-3f1c2b4a5d6e");
    List<Integer> ids = new ObjectMapper().convertValue(json.get("rule_ids"),
        new com.fasterxml.jackson.core.type.TypeReference<List<Integer>>() {});
    assertThat(ids).contains(942100, 949110);
    assertThat(body).doesNotContainIgnoringCase("union").doesNotContainIgnoringCase("select")
        .doesNotContain("password").doesNotContain("/api/orders");
    assertThat(response.getDynamicMetadata().getFieldsOrThrow("action").getStringValue()).isEqualTo("deny");
  }

  @Test
  void theSameAttackIsAllowedInMonitorWithItsFindingsInHeadersAndDynamicMetadata() {
    CheckResponse response = waf.authz().check(EnvoyCheck.get(SQLI).route("shop/payments", "MONITOR", "default")
        .build());

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    Map<String, String> added = headers(response.getOkResponse().getHeadersList());
    assertThat(Integer.parseInt(added.get("x-meshward-waf-score"))).isGreaterThanOrEqualTo(5);
    assertThat(ruleIds(added.get("x-meshward-waf-rules"))).contains(942100);
    assertThat(added).containsEntry("x-meshward-waf-action", "would-deny");
    assertThat(response.getOkResponse().getHeadersList())
        .allMatch(h -> h.getAppendAction() == HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD);
    Map<String, Value> metadata = response.getDynamicMetadata().getFieldsMap();
    assertThat(metadata.get("mode").getStringValue()).isEqualTo("MONITOR");
    assertThat(metadata.get("workload").getStringValue()).isEqualTo("shop/payments");
    assertThat(metadata.get("rule_ids").getListValue().getValuesList())
        .extracting(v -> (int) v.getNumberValue()).contains(942100);
  }

  @Test
  void learnAllowsAnAttackToo() {
    CheckResponse response = waf.authz().check(EnvoyCheck.get(SQLI).route("shop/payments", "LEARN", "default")
        .build());

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(headers(response.getOkResponse().getHeadersList())).containsEntry("x-meshward-waf-action",
        "would-deny");
  }

  @Test
  void aBenignRequestPassesUntouched() {
    CheckResponse response = waf.authz().check(EnvoyCheck.get("/api/orders?page=2&sort=created_at")
        .route("shop/payments", "ENFORCE", "default").build());

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(response.getOkResponse()).isEqualTo(response.getOkResponse().getDefaultInstanceForType());
    assertThat(response.hasDynamicMetadata()).isFalse();
  }

  @Test
  void theDefaultProfileAllowsTheMethodsAndContentTypesOfApis() {
    byte[] patch = "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"shipped\"}]"
        .getBytes(StandardCharsets.UTF_8);
    byte[] json = "{\"status\":\"shipped\",\"carrier\":\"DHL\"}".getBytes(StandardCharsets.UTF_8);
    byte[] graphql = "query Order { order(id: 42) { id status } }".getBytes(StandardCharsets.UTF_8);
    List<CheckResponse> responses = List.of(
        waf.authz().check(EnvoyCheck.request("PATCH", "/api/orders/42").body("application/json-patch+json", patch)
            .route("shop/payments", "ENFORCE", "default").build()),
        waf.authz().check(EnvoyCheck.request("PUT", "/api/orders/42").body("application/json", json)
            .route("shop/payments", "ENFORCE", "default").build()),
        waf.authz().check(EnvoyCheck.request("DELETE", "/api/orders/42")
            .route("shop/payments", "ENFORCE", "default").build()),
        waf.authz().check(EnvoyCheck.request("POST", "/graphql").body("application/graphql", graphql)
            .route("shop/payments", "ENFORCE", "default").build()));

    assertThat(responses).allSatisfy(response -> {
      assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
      assertThat(response.getOkResponse().getHeadersCount()).as(response.toString()).isZero();
    });
  }

  @Test
  void aMethodOutsideTheProfileIsAFinding() {
    CheckResponse response = waf.authz().check(EnvoyCheck.request("PROPFIND", "/api/orders")
        .route("shop/payments", "MONITOR", "default").build());

    assertThat(ruleIds(headers(response.getOkResponse().getHeadersList()).get("x-meshward-waf-rules")))
        .contains(911100);
  }

  @Test
  void pseudoHeadersGiveTheRequestLineAndHostAndAreNotFedAsHeaders() {
    // Only the header map: no method, path or host attributes. The attack is in :path only.
    CheckResponse response = waf.authz().check(new EnvoyCheck().method("").path("")
        .rawHeader(":method", "GET").rawHeader(":path", SQLI).rawHeader(":authority", "payments.shop.svc")
        .rawHeader(":scheme", "http").rawHeader("user-agent", "checkout/2.3").rawHeader("accept", "*/*")
        .route("shop/payments", "MONITOR", "default").build());

    Map<String, String> added = headers(response.getOkResponse().getHeadersList());
    // 942100 proves :path became the request target; no 920280 (missing Host) and no 920274/920273-style hits on a
    // header named ":path" prove the pseudo-headers became the Host and nothing else.
    assertThat(ruleIds(added.get("x-meshward-waf-rules"))).contains(942100).doesNotContain(920280, 920350);
  }

  @Test
  void repeatedHeadersInTheHeaderMapAreEachInspected() {
    CheckResponse response = waf.authz().check(new EnvoyCheck().path("/api/orders")
        .rawHeader(":method", "GET").rawHeader(":path", "/api/orders").rawHeader(":authority", "payments.shop.svc")
        .rawHeader("user-agent", "checkout/2.3").rawHeader("accept", "*/*")
        .rawHeader("referer", "https://shop.example/cart")
        .rawHeader("referer", "1' UNION SELECT password FROM users--")
        .route("shop/payments", "ENFORCE", "default").build());

    assertThat(response.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
  }

  @Test
  void grpcMessageBodiesAreNotHandedToTheEngineAndSaySo() {
    byte[] frame = new byte[] {0, 0, 0, 0, 12, 10, 10, '\'', ' ', 'O', 'R', ' ', '1', '=', '1', '-', '-'};
    CheckResponse response = waf.authz().check(EnvoyCheck.request("POST", "/shop.Payments/Charge")
        .header("te", "trailers").body("application/grpc", frame)
        .route("shop/payments", "ENFORCE", "default").build());

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(headers(response.getOkResponse().getHeadersList()))
        .containsEntry("x-meshward-waf-body", "not-inspected-grpc")
        .containsEntry("x-meshward-waf-score", "0");
  }

  @Test
  void findingHeadersAClientForgedAreRemovedFromABenignRequest() {
    CheckResponse response = waf.authz().check(EnvoyCheck.get("/api/orders").header("x-meshward-waf-score", "0")
        .header("x-meshward-waf-action", "allow").route("shop/payments", "ENFORCE", "default").build());

    assertThat(response.getOkResponse().getHeadersToRemoveList())
        .containsExactlyInAnyOrder("x-meshward-waf-score", "x-meshward-waf-action");
  }
}
