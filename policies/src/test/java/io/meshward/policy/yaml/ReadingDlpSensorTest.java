package io.meshward.policy.yaml;

import static io.meshward.policy.yaml.PolicyTexts.formattedErrors;
import static io.meshward.policy.yaml.PolicyTexts.read;
import static io.meshward.policy.yaml.PolicyTexts.readOne;
import static io.meshward.policy.yaml.PolicyTexts.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.DlpSensorDocument;
import io.meshward.policy.model.DlpSensorDocument.Action;
import io.meshward.policy.model.DlpSensorDocument.Location;
import io.meshward.policy.model.DlpSensorDocument.Mask;
import io.meshward.policy.model.DlpSensorDocument.Pattern;
import io.meshward.policy.model.DlpSensorDocument.Validator;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.WafProfile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadingDlpSensorTest {

  private static String sensor(String specLines) {
    return """
        apiVersion: meshward.io/v1alpha1
        kind: DlpSensor
        metadata:
          name: ids
        spec:
        """ + specLines.indent(2);
  }

  @Test
  void readsEveryFieldAcceptingEnumsInAnyCaseAndWithUnderscores() {
    List<PolicyDocument> documents = read(resource("dlp-sensors.yaml"));

    assertThat(documents.get(0)).isEqualTo(new DlpSensorDocument(
        new ObjectMeta("employee-id", "", Map.of("team", "hr"), Map.of()),
        new DlpSensorDocument.Spec("Employee numbers (E- and six digits) and badge ids",
            List.of(new Pattern("employee-number", "\\bE-\\d{6}\\b", Validator.NONE, 0),
                new Pattern("badge", "\\bBADGE[0-9A-F]{8}\\b", Validator.HIGH_ENTROPY, 64)),
            Set.of(Location.URL, Location.REQUEST_HEADERS, Location.RESPONSE_BODY), 3, Action.BLOCK,
            new Mask('#', 2, false), true)));
  }

  @Test
  void absentOptionalFieldsTakeTheirDefaults() {
    DlpSensorDocument minimal = (DlpSensorDocument) read(resource("dlp-sensors.yaml")).get(1);

    assertThat(minimal.spec()).isEqualTo(new DlpSensorDocument.Spec("",
        List.of(new Pattern("card", "\\b4\\d{15}\\b", Validator.LUHN, 0)),
        Set.of(Location.REQUEST_BODY), 1, Action.MASK, new Mask('*', 0, true), false));
    assertThat(minimal.key().toString()).isEqualTo("DlpSensor order-card");
  }

  @Test
  void aWafProfileNamesItsSensorsOrNoneAndWithoutDlpKeepsTheDefaults() {
    List<PolicyDocument> documents = read(resource("dlp-sensors.yaml"));

    assertThat(((WafProfile) documents.get(2)).spec().dlp())
        .contains(new WafProfile.Dlp(List.of("payment-card", "order-card", "employee-id")));
    assertThat(((WafProfile) documents.get(3)).spec().dlp()).contains(new WafProfile.Dlp(List.of()));
    assertThat(WafProfile.Spec.defaults().dlp()).isEmpty();
  }

  @Test
  void misspeltFieldsAndEnumValuesAreReportedWithLineFieldAndSuggestion() {
    assertThat(formattedErrors(sensor("""
        patterns:
          - name: ssn
            regex: '\\d{3}-\\d{2}-\\d{4}'
            validater: us-ssn
          - name: card
            regex: '\\d{16}'
            validator: luhm
        locations: [reqest-body, response-body]
        action: blok
        """))).containsExactly(
        "test.yaml:9:7: document 1 (DlpSensor ids): spec.patterns[0].validater: unknown field 'validater'; did you"
            + " mean 'validator'?",
        "test.yaml:12:18: document 1 (DlpSensor ids): spec.patterns[1].validator: unknown validator \"luhm\":"
            + " expected one of none, luhn, us-ssn, iban, jwt, high-entropy; did you mean luhn?",
        "test.yaml:13:15: document 1 (DlpSensor ids): spec.locations[0]: unknown location \"reqest-body\":"
            + " expected one of url, request-headers, request-body, response-headers, response-body; did you mean"
            + " request-body?",
        "test.yaml:14:11: document 1 (DlpSensor ids): spec.action: unknown action \"blok\": expected one of alert,"
            + " block, mask; did you mean block?");
  }

  @Test
  void rangesMaskCharactersAndRegexSyntaxAreChecked() {
    assertThat(formattedErrors(sensor("""
        patterns:
          - name: broken
            regex: '(\\d{4}'
          - name: long
            regex: 'x{1,4}'
            maxLength: 9000
        locations: [url]
        minMatches: 0
        action: mask
        mask:
          char: 'ab'
          keepLast: 9
          keepSeparators: 'yes'
        """))).containsExactly(
        "test.yaml:8:14: document 1 (DlpSensor ids): spec.patterns[0].regex: the regex does not compile: Unclosed"
            + " group at index 6 of \"(\\\\d{4}\"",
        "test.yaml:11:18: document 1 (DlpSensor ids): spec.patterns[1].maxLength: must be between 1 and 8192, got"
            + " 9000",
        "test.yaml:13:15: document 1 (DlpSensor ids): spec.minMatches: must be between 1 and 10000, got 0",
        "test.yaml:16:11: document 1 (DlpSensor ids): spec.mask.char: \"ab\" is not a mask character: use one"
            + " printable ASCII character other than a letter, a digit, '\"' and '\\' (it must stay valid inside"
            + " JSON strings and headers), such as '*' or '#'",
        "test.yaml:17:15: document 1 (DlpSensor ids): spec.mask.keepLast: must be between 0 and 8, got 9",
        "test.yaml:18:21: document 1 (DlpSensor ids): spec.mask.keepSeparators: expected a boolean (true or false),"
            + " got a string");
  }

  @Test
  void requiredFieldsEmptyListsAndRepeatsAreRefused() {
    assertThat(formattedErrors(sensor("""
        patterns:
          - name: a
            regex: 'a{1,3}'
          - name: a
            regex: 'b{1,3}'
          - regex: ''
        locations: [url, URL]
        """))).containsExactly(
        "test.yaml:5:1: document 1 (DlpSensor ids): spec.action: missing required field 'action'",
        "test.yaml:9:13: document 1 (DlpSensor ids): spec.patterns[1].name: \"a\" is already the name of"
            + " patterns[0]: reports name the pattern that matched, so names are unique within a sensor",
        "test.yaml:11:7: document 1 (DlpSensor ids): spec.patterns[2].name: missing required field 'name'",
        "test.yaml:11:14: document 1 (DlpSensor ids): spec.patterns[2].regex: the regex is empty: it would match"
            + " everywhere",
        "test.yaml:12:20: document 1 (DlpSensor ids): spec.locations[1]: \"url\" is listed twice");
    assertThat(formattedErrors(sensor("""
        patterns: []
        locations: []
        action: alert
        """))).containsExactly(
        "test.yaml:6:13: document 1 (DlpSensor ids): spec.patterns: a sensor has 1 to 64 patterns, got 0",
        "test.yaml:7:14: document 1 (DlpSensor ids): spec.locations: a sensor looks in at least one of url,"
            + " request-headers, request-body, response-headers, response-body");
  }

  @Test
  void isClusterScopedNamedByADnsLabelAndHasASpec() {
    assertThat(formattedErrors("""
        apiVersion: meshward.io/v1alpha1
        kind: DlpSensor
        metadata:
          name: cards.v2
          namespace: shop
        """)).containsExactly(
        "test.yaml:1:1: document 1 (DlpSensor shop/cards.v2): spec: missing required field 'spec'",
        "test.yaml:4:9: document 1 (DlpSensor shop/cards.v2): metadata.name: a DlpSensor name is a DNS label"
            + " (lower-case letters, digits and '-', at most 63), as profiles name it; got \"cards.v2\"",
        "test.yaml:5:14: document 1 (DlpSensor shop/cards.v2): metadata.namespace: DlpSensor is cluster-scoped:"
            + " remove 'namespace'");
  }

  @Test
  void aMisspeltKindSuggestsDlpSensor() {
    assertThat(formattedErrors("""
        apiVersion: meshward.io/v1alpha1
        kind: DlpSenser
        metadata:
          name: ids
        """)).singleElement().asString().contains("did you mean DlpSensor?");
  }

  @Test
  void aSensorDefinedTwiceInOneSetIsRefused() {
    assertThat(formattedErrors(resource("dlp-sensors.yaml") + "---\n" + sensor("""
        patterns: [{name: p, regex: 'x{1,2}'}]
        locations: [url]
        action: alert
        """).replace("name: ids", "name: order-card"))).singleElement().asString()
        .contains("DlpSensor order-card is defined twice");
  }

  @Test
  void aProfilesSensorNamesAreDnsLabelsWithoutRepeats() {
    assertThat(formattedErrors("""
        apiVersion: meshward.io/v1alpha1
        kind: WafProfile
        metadata:
          name: api
        spec:
          dlp:
            sensors: [payment-card, Payment_Card, payment-card]
        ---
        apiVersion: meshward.io/v1alpha1
        kind: WafProfile
        metadata:
          name: other
        spec:
          dlp:
            sensor: [payment-card]
        """)).containsExactly(
        "test.yaml:7:29: document 1 (WafProfile api): spec.dlp.sensors[1]: \"Payment_Card\" is not a valid DNS-1123"
            + " label: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
        "test.yaml:7:43: document 1 (WafProfile api): spec.dlp.sensors[2]: \"payment-card\" is listed twice",
        "test.yaml:14:3: document 2 (WafProfile other): spec.dlp.sensors: missing required field 'sensors'",
        "test.yaml:15:5: document 2 (WafProfile other): spec.dlp.sensor: unknown field 'sensor'; did you mean"
            + " 'sensors'?");
  }

  @Test
  void anEmptyProfileSensorListIsKeptApartFromAnAbsentOne() {
    WafProfile none = (WafProfile) readOne("""
        apiVersion: meshward.io/v1alpha1
        kind: WafProfile
        metadata:
          name: api
        spec:
          dlp: {sensors: []}
        """);

    assertThat(none.spec().dlp()).isEqualTo(Optional.of(new WafProfile.Dlp(List.of())));
    assertThat(PolicyTexts.CODEC.write(none)).contains("dlp:\n    sensors: []\n");
  }
}
