package io.meshward.waf.service;

import static io.meshward.waf.service.AuthorizationServiceTest.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.Code;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.meshward.waf.service.profile.ProfileRegistry;
import io.meshward.waf.service.profile.WafProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ext_authz runs the profile's DLP sensors on each request (the default ones unless the profile names others): a
 * credential leaving in a request body is refused in ENFORCE.
 */
class RequestDlpTest {
  private static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String CARD = "4111 1111 1111 1111";
  private static RunningWafFilter waf;

  @BeforeAll
  static void start() throws Exception {
    WafProfile base = WafProfile.defaultProfile().withTimeBudget(Duration.ofSeconds(10));
    waf = RunningWafFilter.start(List.of(base,
        base.withName("no-dlp").withDlpSensors(Optional.of(List.of())),
        base.withName("cards-only").withDlpSensors(Optional.of(List.of("payment-card")))));
  }

  @AfterAll
  static void stop() throws Exception {
    waf.close();
  }

  private static EnvoyCheck upload(String json) {
    return EnvoyCheck.request("POST", "/api/settings").body("application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aBlockingSensorDeniesTheRequestInEnforceNamingTheSensorOnly() throws Exception {
    CheckResponse response = waf.authz().check(upload("{\"backup\": {\"key_id\": \"" + AWS_KEY + "\"}}")
        .route("shop/payments", "ENFORCE", "default").build());

    assertThat(response.getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);
    assertThat(response.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
    String body = response.getDeniedResponse().getBody();
    JsonNode json = new ObjectMapper().readTree(body);
    assertThat(json.get("dlp_sensors").toString()).isEqualTo("[\"aws-access-key\"]");
    assertThat(response.toString()).doesNotContain(AWS_KEY).doesNotContain("AKIA");
  }

  @Test
  void outsideEnforceItIsReportedAndAllowed() {
    CheckResponse response = waf.authz().check(upload("{\"backup\": {\"key_id\": \"" + AWS_KEY + "\"}}")
        .route("shop/payments", "MONITOR", "default").build());

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    Map<String, String> added = headers(response.getOkResponse().getHeadersList());
    assertThat(added).containsEntry("x-meshward-waf-dlp", "aws-access-key@request-body")
        .containsEntry("x-meshward-waf-action", "would-deny");
    assertThat(response.toString()).doesNotContain(AWS_KEY);
  }

  @Test
  void aMaskingSensorOnARequestIsReportedButNotDenied() {
    // ext_authz cannot rewrite a request body: a card in a request is reported, and ENFORCE lets it through.
    CheckResponse response = waf.authz().check(upload("{\"payment\": {\"card\": \"" + CARD + "\"}}")
        .route("shop/payments", "ENFORCE", "default").build());

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(headers(response.getOkResponse().getHeadersList()))
        .containsEntry("x-meshward-waf-dlp", "payment-card@request-body");
    assertThat(response.toString()).doesNotContain(CARD).doesNotContain("4111111111111111");
  }

  @Test
  void aProfileRunsTheSensorsItNames() {
    String both = "{\"key_id\": \"" + AWS_KEY + "\", \"card\": \"" + CARD + "\"}";

    CheckResponse none = waf.authz().check(upload(both).route("shop/payments", "ENFORCE", "no-dlp").build());
    assertThat(none.getStatus().getCode()).as("sensors: [] turns DLP off").isEqualTo(Code.OK_VALUE);
    assertThat(headers(none.getOkResponse().getHeadersList())).doesNotContainKey("x-meshward-waf-dlp");

    CheckResponse cards = waf.authz().check(upload(both).route("shop/payments", "ENFORCE", "cards-only").build());
    assertThat(cards.getStatus().getCode()).as("the AWS key sensor is not in this profile").isEqualTo(Code.OK_VALUE);
    assertThat(headers(cards.getOkResponse().getHeadersList()))
        .containsEntry("x-meshward-waf-dlp", "payment-card@request-body");
  }

  @Test
  void aProfileNamingAnUnknownSensorIsRefused() {
    WafProfile typo = WafProfile.defaultProfile().withName("typo")
        .withDlpSensors(Optional.of(List.of("payment-cards", "us-ssn")));

    assertThatThrownBy(() -> ProfileRegistry.load(RunningWafFilter.crsV4(), List.of(typo)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WafProfile typo names DLP sensors that do not exist: payment-cards");
  }

  @Test
  void aCleanRequestHasNoDlpHeader() {
    CheckResponse response = waf.authz().check(upload("{\"theme\": \"dark\", \"page\": 2}")
        .route("shop/payments", "ENFORCE", "default").build());

    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(headers(response.getOkResponse().getHeadersList())).doesNotContainKey("x-meshward-waf-dlp");
  }
}
