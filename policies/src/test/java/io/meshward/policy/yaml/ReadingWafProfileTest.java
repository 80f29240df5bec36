package io.meshward.policy.yaml;

import static io.meshward.policy.yaml.PolicyTexts.formattedErrors;
import static io.meshward.policy.yaml.PolicyTexts.read;
import static io.meshward.policy.yaml.PolicyTexts.readOne;
import static io.meshward.policy.yaml.PolicyTexts.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.BodyLimitOutcome;
import io.meshward.policy.model.FailureMode;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.WafProfile;
import io.meshward.policy.model.WafProfile.Exclusion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadingWafProfileTest {

  private static String profile(String specLines) {
    return """
        apiVersion: meshward.io/v1alpha1
        kind: WafProfile
        metadata:
          name: api
        spec:
        """ + specLines.indent(2);
  }

  @Test
  void readsEveryFieldCanonicalisingCaseWhereSecLangIgnoresIt() {
    List<PolicyDocument> documents = read(resource("waf-profiles.yaml"));

    assertThat(documents.get(0)).isEqualTo(new WafProfile(
        new ObjectMeta("orders-api", "", Map.of("team", "orders"), Map.of()),
        new WafProfile.Spec(2, new WafProfile.AnomalyThreshold(10, 8),
            new WafProfile.Body(131072, BodyLimitOutcome.INSPECT_PARTIAL), FailureMode.CLOSED,
            Duration.ofMillis(150), List.of("GET", "POST", "PUT", "DELETE"),
            List.of("application/json", "application/merge-patch+json"),
            List.of(new Exclusion.Rules(920350, 920350, "clients reach the service by IP address"),
                new Exclusion.Rules(942100, 942199, ""),
                new Exclusion.Tag("attack-rce", "no shell behind this API"),
                new Exclusion.Target(942100, "ARGS:json.note", "free-text notes"),
                new Exclusion.Target(941100, "REQUEST_COOKIES:/^_ga/", "")),
            "SecRule REQUEST_HEADERS:X-Debug \"@streq 1\" \"id:1000001,phase:1,deny,status:403\"\n")));
  }

  @Test
  void absentFieldsTakeTheDefaultProfilesValuesOneByOne() {
    WafProfile strict = (WafProfile) read(resource("waf-profiles.yaml")).get(1);

    WafProfile.Spec defaults = WafProfile.Spec.defaults();
    assertThat(strict.spec()).isEqualTo(new WafProfile.Spec(3, defaults.anomalyThreshold(), defaults.body(),
        defaults.failureMode(), defaults.timeBudget(), defaults.allowedMethods(), defaults.allowedContentTypes(),
        List.of(), ""));
  }

  @Test
  void aProfileWithoutSpecTakesEveryDefaultButNotTheBuiltInDefaultsGraphqlTuning() {
    WafProfile profile = (WafProfile) readOne("""
        apiVersion: meshward.io/v1alpha1
        kind: WafProfile
        metadata:
          name: default
        """);

    assertThat(profile.spec()).isEqualTo(WafProfile.Spec.defaults());
    assertThat(profile.key().toString()).isEqualTo("WafProfile default");
    assertThat(WafProfile.defaults().spec().extraSecLang()).isEqualTo(WafProfile.GRAPHQL_TUNING);
  }

  @Test
  void theBuiltInDefaultRoundTripsThroughYamlWithItsTuning() {
    String written = PolicyTexts.CODEC.write(WafProfile.defaults());

    assertThat(readOne(written)).isEqualTo(WafProfile.defaults());
    assertThat(written).contains("extraSecLang:", "ruleRemoveTargetById=932235;ARGS:json.query");
  }

  @Test
  void outOfRangeNumbersAndMisspeltFieldsAreReportedWithLineFieldAndSuggestion() {
    assertThat(formattedErrors(profile("""
        paranoiaLevel: 5
        anomalyThresold:
          inbound: 3
        body:
          maxInspectedBytes: -1
          overLimit: truncate
        failureMode: open
        timeBudget: 2m
        """))).containsExactly(
        "test.yaml:6:18: document 1 (WafProfile api): spec.paranoiaLevel: must be between 1 and 4, got 5",
        "test.yaml:7:3: document 1 (WafProfile api): spec.anomalyThresold: unknown field 'anomalyThresold'; did you"
            + " mean 'anomalyThreshold'?",
        "test.yaml:10:24: document 1 (WafProfile api): spec.body.maxInspectedBytes: must be between 0 and 67108864,"
            + " got -1",
        "test.yaml:11:16: document 1 (WafProfile api): spec.body.overLimit: unknown value \"truncate\": expected one"
            + " of REJECT, INSPECT_PARTIAL",
        "test.yaml:13:15: document 1 (WafProfile api): spec.timeBudget: must be at most 1m, got 2m");
  }

  @Test
  void methodsAndContentTypesMustBeTokensThatSecLangCanCarry() {
    assertThat(formattedErrors(profile("""
        allowedMethods: [GET, "GET'; SecRuleEngine Off", get]
        allowedContentTypes: ["application/json; charset=utf-8", text]
        """))).containsExactly(
        "test.yaml:6:25: document 1 (WafProfile api): spec.allowedMethods[1]: \"GET'; SecRuleEngine Off\" is not an"
            + " HTTP method: use 1-32 letters, digits, '_' or '-', starting with a letter",
        "test.yaml:6:52: document 1 (WafProfile api): spec.allowedMethods[2]: \"GET\" is listed twice",
        "test.yaml:7:25: document 1 (WafProfile api): spec.allowedContentTypes[0]: \"application/json;"
            + " charset=utf-8\" has parameters: give the media type alone, such as application/json (CRS compares"
            + " the type without its parameters)",
        "test.yaml:7:60: document 1 (WafProfile api): spec.allowedContentTypes[1]: \"text\" is not a media type:"
            + " expected type/subtype, such as application/json");
  }

  @Test
  void anEmptyMethodListIsRefusedSinceItWouldFlagEveryRequest() {
    assertThat(formattedErrors(profile("allowedMethods: []\n"))).containsExactly(
        "test.yaml:6:19: document 1 (WafProfile api): spec.allowedMethods: must not be empty: leave the field out to"
            + " get the defaults");
  }

  @Test
  void eachExclusionIsOneKindAndTargetsNameKnownVariables() {
    assertThat(formattedErrors(profile("""
        exclusions:
          - ruleId: 942100
            tag: attack-sqli
          - reason: nothing named
          - ruleIdRange: 942199-942100
          - tag: attack-sqli
            target: ARGS:q
          - ruleId: 942100
            target: ARG:q
          - ruleId: 942100
            target: ARGS:"q"
          - ruleId: 0
          - ruleID: 942100
        """))).containsExactly(
        "test.yaml:7:7: document 1 (WafProfile api): spec.exclusions[0]: an exclusion names one of 'ruleId',"
            + " 'ruleIdRange' and 'tag', not several: write one item for each",
        "test.yaml:9:7: document 1 (WafProfile api): spec.exclusions[1]: an exclusion names 'ruleId', 'ruleIdRange'"
            + " or 'tag' (and 'target' with 'ruleId' to exclude one variable from one rule)",
        "test.yaml:10:20: document 1 (WafProfile api): spec.exclusions[2].ruleIdRange: \"942199-942100\" is not a"
            + " rule id range: the first id must be positive and not larger than the last",
        "test.yaml:12:15: document 1 (WafProfile api): spec.exclusions[3].target: 'target' goes with 'ruleId': one"
            + " variable is excluded from one rule",
        "test.yaml:14:15: document 1 (WafProfile api): spec.exclusions[4].target: unknown variable \"ARG\" in target"
            + " \"ARG:q\": did you mean ARGS?",
        "test.yaml:16:15: document 1 (WafProfile api): spec.exclusions[5].target: the key of target"
            + " \"ARGS:\\\"q\\\"\" is not valid: use a name of letters, digits and _ . $ @ [ ] - (such as"
            + " ARGS:json.user.bio), or a /regex/ without quotes, spaces, ',' or '|'",
        "test.yaml:17:15: document 1 (WafProfile api): spec.exclusions[6].ruleId: must be between 1 and 999999999,"
            + " got 0",
        "test.yaml:18:7: document 1 (WafProfile api): spec.exclusions[7].ruleID: unknown field 'ruleID'; did you"
            + " mean 'ruleId'?",
        "test.yaml:18:7: document 1 (WafProfile api): spec.exclusions[7]: an exclusion names 'ruleId',"
            + " 'ruleIdRange' or 'tag' (and 'target' with 'ruleId' to exclude one variable from one rule)");
  }

  @Test
  void isClusterScopedAndNamedLikeTheRoutesThatReferToIt() {
    assertThat(formattedErrors("""
        apiVersion: meshward.io/v1alpha1
        kind: WafProfile
        metadata:
          name: orders.api
          namespace: shop
        """)).containsExactly(
        "test.yaml:4:9: document 1 (WafProfile shop/orders.api): metadata.name: a WafProfile name is a DNS label"
            + " (lower-case letters, digits and '-', at most 63), as routes name it; got \"orders.api\"",
        "test.yaml:5:14: document 1 (WafProfile shop/orders.api): metadata.namespace: WafProfile is cluster-scoped:"
            + " remove 'namespace'");
  }

  @Test
  void aMisspeltKindSuggestsWafProfile() {
    assertThat(formattedErrors("""
        apiVersion: meshward.io/v1alpha1
        kind: WafProfil
        metadata:
          name: api
        """)).singleElement().asString().contains("did you mean WafProfile?");
  }

  @Test
  void aProfileDefinedTwiceInOneSetIsRefused() {
    assertThat(formattedErrors(resource("waf-profiles.yaml") + "---\n" + """
        apiVersion: meshward.io/v1alpha1
        kind: WafProfile
        metadata:
          name: strict
        """)).singleElement().asString().contains("WafProfile strict is defined twice");
  }
}
