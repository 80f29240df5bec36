package io.meshward.policy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.DlpSensorDocument;
import io.meshward.policy.model.DlpSensorDocument.Action;
import io.meshward.policy.model.DlpSensorDocument.Validator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The built-in library as the README documents it (and as the Java definitions were before they became YAML): each
 * sensor's name, pattern count, validators, action, masked-last digits and whether it is on by default.
 */
class BuiltinDlpSensorsTest {
  record Expected(String name, int patterns, Set<Validator> validators, Action action, int keepLast,
                  boolean enabledByDefault) {}

  private static final List<Expected> LIBRARY = List.of(
      new Expected("payment-card", 6, Set.of(Validator.LUHN), Action.MASK, 4, true),
      new Expected("us-ssn", 2, Set.of(Validator.US_SSN), Action.MASK, 4, true),
      new Expected("iban", 1, Set.of(Validator.IBAN), Action.MASK, 4, true),
      new Expected("aws-access-key", 1, Set.of(Validator.NONE), Action.BLOCK, 0, true),
      new Expected("aws-secret-key", 1, Set.of(Validator.NONE), Action.BLOCK, 0, true),
      new Expected("gcp-service-account-key", 1, Set.of(Validator.NONE), Action.BLOCK, 0, true),
      new Expected("github-token", 2, Set.of(Validator.NONE), Action.BLOCK, 0, true),
      new Expected("slack-token", 2, Set.of(Validator.NONE), Action.BLOCK, 0, true),
      new Expected("stripe-secret-key", 1, Set.of(Validator.NONE), Action.BLOCK, 0, true),
      new Expected("pem-private-key", 1, Set.of(Validator.NONE), Action.BLOCK, 0, true),
      new Expected("url-credentials", 1, Set.of(Validator.NONE), Action.MASK, 0, true),
      new Expected("jwt", 1, Set.of(Validator.JWT), Action.MASK, 0, false),
      new Expected("email", 1, Set.of(Validator.NONE), Action.ALERT, 0, false),
      new Expected("phone", 2, Set.of(Validator.NONE), Action.ALERT, 2, false),
      new Expected("high-entropy-secret", 1, Set.of(Validator.HIGH_ENTROPY), Action.ALERT, 0, false));

  @Test
  void theLibraryHoldsTheFifteenSensorsInOrderWithTheirPatternsActionsAndDefaults() {
    List<Expected> read = BuiltinDlpSensors.read().stream().map(sensor -> new Expected(sensor.metadata().name(),
        sensor.spec().patterns().size(),
        sensor.spec().patterns().stream().map(DlpSensorDocument.Pattern::validator).collect(Collectors.toSet()),
        sensor.spec().action(), sensor.spec().mask().keepLast(), sensor.spec().enabledByDefault())).toList();

    assertThat(read).containsExactlyElementsOf(LIBRARY);
  }

  @Test
  void credentialSensorsAlsoLookInHeadersAndTheRestInUrlsAndBodies() {
    Set<String> everywhere = Set.of("aws-access-key", "aws-secret-key", "github-token", "slack-token",
        "stripe-secret-key");
    for (DlpSensorDocument sensor : BuiltinDlpSensors.read()) {
      Set<DlpSensorDocument.Location> expected = everywhere.contains(sensor.metadata().name())
          ? Set.of(DlpSensorDocument.Location.values())
          : Set.of(DlpSensorDocument.Location.URL, DlpSensorDocument.Location.REQUEST_BODY,
              DlpSensorDocument.Location.RESPONSE_BODY);
      assertThat(sensor.spec().locations()).as(sensor.metadata().name()).isEqualTo(expected);
      assertThat(sensor.spec().minMatches()).as(sensor.metadata().name()).isEqualTo(1);
      assertThat(sensor.spec().description()).as(sensor.metadata().name()).isNotEmpty();
    }
  }

  @Test
  void everyBuiltInRegexKeepsItsBackslashesThroughYaml() {
    // Single-quoted YAML keeps backslashes literal; a regex that lost them would read \d as d.
    for (DlpSensorDocument sensor : BuiltinDlpSensors.read()) {
      for (DlpSensorDocument.Pattern pattern : sensor.spec().patterns()) {
        assertThat(pattern.regex()).as(sensor.metadata().name() + "/" + pattern.name()).contains("\\");
      }
    }
    DlpSensorDocument visa = BuiltinDlpSensors.read().get(0);
    assertThat(visa.spec().patterns().get(0).regex()).isEqualTo("\\b4\\d{3}(?:[ -]?\\d{4}){3}(?:\\d{3})?\\b");
  }
}
