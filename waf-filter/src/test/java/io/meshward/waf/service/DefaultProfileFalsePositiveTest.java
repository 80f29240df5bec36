package io.meshward.waf.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.Code;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.meshward.waf.service.benign.BenignApiTraffic;
import io.meshward.waf.service.profile.WafProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default profile's false-positive rate on benign API traffic: 2,400 requests from a seeded generator of our own
 * ({@link BenignApiTraffic}), checked in ENFORCE over real gRPC on loopback exactly as Envoy's ext_authz sends them,
 * through the built-in default profile (CRS v4, paranoia level 1). The time budget is raised so that a loaded machine
 * cannot turn inspections into fail-open timeouts: the detection, which is what is measured, is the default's.
 *
 * <p>Two figures: requests denied (what ENFORCE would break), and requests with any anomaly score (what MONITOR
 * would report); with the rules behind them. The README gives the figures of this test and the method.
 */
class DefaultProfileFalsePositiveTest {
  static final long SEED = 20240611L;
  static final int REQUESTS = 2_400;
  /**
   * At most 0.25 % of benign requests denied (6 of 2,400). Measured: 0. Before the default profile's GraphQL tuning
   * it was 64 (2.67 %): every Relay-style paginated GraphQL query. The bar sits above the measurement so that a CRS
   * update adding a borderline rule does not fail the build on one request, and far below the 1 % at which an
   * operator in ENFORCE would be taking calls: a regression like the GraphQL one (a whole kind of API request denied)
   * moves the figure by whole percents and fails it.
   */
  static final double MAX_DENIED_RATE = 0.0025;
  /** At most 1 % of benign requests with any score, which MONITOR would report (measured: 0). */
  static final double MAX_SCORED_RATE = 0.01;

  private static RunningWafFilter waf;

  @BeforeAll
  static void start() throws Exception {
    waf = RunningWafFilter.start(List.of(WafProfile.defaultProfile().withTimeBudget(Duration.ofSeconds(10))));
  }

  @AfterAll
  static void stop() throws Exception {
    waf.close();
  }

  @Test
  void theDefaultProfileDeniesAlmostNoBenignApiRequests() throws Exception {
    List<BenignApiTraffic.Request> requests = new BenignApiTraffic(SEED).requests(REQUESTS);
    ObjectMapper json = new ObjectMapper();
    int denied = 0;
    int scored = 0;
    List<String> uninspected = new ArrayList<>();
    Map<Integer, Integer> requestsByRule = new TreeMap<>();
    Map<String, Integer> scoredByKind = new TreeMap<>();
    List<String> examples = new ArrayList<>();
    for (BenignApiTraffic.Request request : requests) {
      EnvoyCheck check = EnvoyCheck.request(request.method(), request.path());
      request.headers().forEach(check::header);
      if (request.body() != null) {
        check.body(request.contentType(), request.body());
      }
      CheckResponse response = waf.authz().check(check.route("shop/api", "ENFORCE", "default").build());
      Map<String, String> added = AuthorizationServiceTest.headers(response.getOkResponse().getHeadersList());
      if (added.containsKey("x-meshward-waf-error")) {
        uninspected.add(request.path() + ": " + added.get("x-meshward-waf-error"));
        continue;
      }
      List<Integer> rules;
      if (response.getStatus().getCode() == Code.PERMISSION_DENIED_VALUE) {
        denied++;
        JsonNode body = json.readTree(response.getDeniedResponse().getBody());
        rules = new ArrayList<>();
        body.get("rule_ids").forEach(id -> rules.add(id.asInt()));
      } else if (added.containsKey("x-meshward-waf-rules")) {
        rules = Arrays.stream(added.get("x-meshward-waf-rules").split(",")).map(Integer::valueOf).toList();
      } else {
        continue;
      }
      scored++;
      scoredByKind.merge(request.kind(), 1, Integer::sum);
      new TreeSet<>(rules).forEach(rule -> requestsByRule.merge(rule, 1, Integer::sum));
      if (examples.size() < 10) {
        examples.add(request.method() + " " + request.path() + " " + request.contentType() + " -> " + rules);
      }
    }

    double deniedRate = (double) denied / REQUESTS;
    double scoredRate = (double) scored / REQUESTS;
    String top = requestsByRule.entrySet().stream()
        .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed())
        .limit(10)
        .map(e -> e.getKey() + " (" + e.getValue() + ")")
        .collect(Collectors.joining(", "));
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("requests", REQUESTS);
    report.put("denied", denied + String.format(Locale.ROOT, " (%.2f %%)", 100 * deniedRate));
    report.put("with any score", scored + String.format(Locale.ROOT, " (%.2f %%)", 100 * scoredRate));
    report.put("top rules (requests)", top.isEmpty() ? "none" : top);
    report.put("scored by kind", scoredByKind);
    report.put("examples", examples);
    System.out.println("default profile false positives: " + report);

    assertThat(uninspected).as("every request inspected").isEmpty();
    assertThat(deniedRate).as("denied rate; %s", report).isLessThanOrEqualTo(MAX_DENIED_RATE);
    assertThat(scoredRate).as("scored rate; %s", report).isLessThanOrEqualTo(MAX_SCORED_RATE);
  }

  @Test
  void theGraphqlTuningIsScopedToGraphqlDocumentsAndAttacksInGraphqlVariablesAreStillDenied() {
    String document = "query Search($q: String!, $first: Int) { search(query: $q, first: $first) { edges { node"
        + " { id } } } }";
    String sqli = "{\"query\":\"" + document + "\",\"variables\":{\"q\":\"1' UNION SELECT password FROM users--\"}}";
    String rce = "{\"query\":\"" + document + "\",\"variables\":{\"q\":\"x; cat /etc/passwd\"}}";
    String benign = "{\"query\":\"" + document + "\",\"variables\":{\"q\":\"red shoes\"}}";

    CheckResponse graphqlSqli = waf.authz().check(EnvoyCheck.request("POST", "/graphql")
        .body("application/json", sqli.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .route("shop/api", "ENFORCE", "default").build());
    CheckResponse graphqlRce = waf.authz().check(EnvoyCheck.request("POST", "/graphql")
        .body("application/json", rce.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .route("shop/api", "ENFORCE", "default").build());
    CheckResponse graphqlBenign = waf.authz().check(EnvoyCheck.request("POST", "/graphql")
        .body("application/json", benign.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .route("shop/api", "ENFORCE", "default").build());
    // The same document in the same field of another API is still read by both rules: the tuning is for GraphQL.
    CheckResponse elsewhere = waf.authz().check(EnvoyCheck.request("POST", "/api/v1/reports")
        .body("application/json", benign.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .route("shop/api", "MONITOR", "default").build());

    assertThat(graphqlSqli.getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);
    assertThat(graphqlRce.getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);
    assertThat(graphqlBenign.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(AuthorizationServiceTest.headers(graphqlBenign.getOkResponse().getHeadersList()))
        .doesNotContainKey("x-meshward-waf-rules");
    assertThat(AuthorizationServiceTest.ruleIds(AuthorizationServiceTest.headers(
        elsewhere.getOkResponse().getHeadersList()).get("x-meshward-waf-rules"))).contains(932235, 942290);
  }

  @Test
  void theTrafficCoversTheKindsOfApiRequestsItClaims() {
    List<BenignApiTraffic.Request> requests = new BenignApiTraffic(SEED).requests(REQUESTS);

    Map<String, Long> byKind = requests.stream()
        .collect(Collectors.groupingBy(BenignApiTraffic.Request::kind, TreeMap::new, Collectors.counting()));
    assertThat(byKind.keySet()).containsExactly("form", "graphql", "rest-delete", "rest-get", "rest-list",
        "rest-patch-json", "rest-patch-merge", "rest-post", "rest-put", "search");
    assertThat(byKind.values()).allMatch(n -> n >= 60);
    assertThat(requests).extracting(BenignApiTraffic.Request::method).contains("GET", "POST", "PUT", "PATCH",
        "DELETE");
    assertThat(new BenignApiTraffic(SEED).requests(50)).usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(requests.subList(0, 50));
  }
}
