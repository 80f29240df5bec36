package io.meshward.policy.yaml;

import static io.meshward.policy.yaml.PolicyTexts.CODEC;
import static io.meshward.policy.yaml.PolicyTexts.read;
import static io.meshward.policy.yaml.PolicyTexts.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.DlpSensorDocument;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.WafProfile;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Writing then reading gives the same documents, and writing is a fixed point: the same documents, the same bytes. */
class RoundTripTest {

  private static void assertRoundTrips(List<? extends PolicyDocument> documents) {
    String written = CODEC.write(documents);
    List<PolicyDocument> reread = read(written);

    assertThat(reread).as("read(write(x)) of:\n%s", written).isEqualTo(documents);
    assertThat(CODEC.write(reread)).as("write(read(write(x)))").isEqualTo(written);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mesh-config.yaml", "workload-policies.yaml", "waf-profiles.yaml", "dlp-sensors.yaml"})
  void richExamplesOfEachKindRoundTrip(String file) {
    List<PolicyDocument> documents = read(resource(file));

    assertRoundTrips(documents);
  }

  @Test
  void randomWorkloadPoliciesAndMeshConfigsRoundTripOneByOne() {
    RandomPolicies random = new RandomPolicies(20240611L);
    for (int i = 0; i < 500; i++) {
      assertRoundTrips(List.of(random.document(i)));
    }
  }

  @Test
  void aRandomFileOfManyDocumentsRoundTrips() {
    RandomPolicies random = new RandomPolicies(7L);
    List<PolicyDocument> documents = new ArrayList<>();
    documents.add(random.meshConfig());
    for (int i = 0; i < 200; i++) {
      documents.add(random.workloadPolicy("ns" + i % 7, "p" + i, "w" + i));
    }

    assertRoundTrips(documents);
  }

  @Test
  void awkwardStringsSurviveInWafProfileReasonsAndExtraSecLang() {
    for (String value : RandomPolicies.AWKWARD_STRINGS) {
      WafProfile.Spec defaults = WafProfile.Spec.defaults();
      WafProfile profile = new WafProfile(ObjectMeta.of("", "p"), new WafProfile.Spec(4,
          new WafProfile.AnomalyThreshold(1, 10_000), defaults.body(), defaults.failureMode(),
          java.time.Duration.ofMillis(1500), List.of("GET"), List.of("application/json"),
          List.of(new WafProfile.Exclusion.Rules(1, 999_999_999, value),
              new WafProfile.Exclusion.Tag("paranoia-level/2", value),
              new WafProfile.Exclusion.Target(942100, "ARGS:/^x[0-9]+$/", value)),
          value));

      assertRoundTrips(List.of(profile));
    }
  }

  @Test
  void theBuiltInDlpLibraryRoundTripsRegexesIncluded() {
    assertRoundTrips(io.meshward.policy.dlp.BuiltinDlpSensors.read());
  }

  @Test
  void awkwardStringsSurviveInDlpSensorDescriptionsRegexesAndMaskCharacters() {
    for (String value : RandomPolicies.AWKWARD_STRINGS) {
      DlpSensorDocument sensor = new DlpSensorDocument(ObjectMeta.of("", "s"), new DlpSensorDocument.Spec(value,
          List.of(new DlpSensorDocument.Pattern("p", java.util.regex.Pattern.quote(value) + "x{1,2}",
              DlpSensorDocument.Validator.US_SSN, 8192)),
          java.util.Set.of(DlpSensorDocument.Location.RESPONSE_HEADERS), 10_000, DlpSensorDocument.Action.ALERT,
          new DlpSensorDocument.Mask('\'', 8, false), false));

      assertRoundTrips(List.of(sensor));
    }
    for (char c : DlpSensorDocument.Mask.ALLOWED_CHARACTERS.toCharArray()) {
      DlpSensorDocument sensor = new DlpSensorDocument(ObjectMeta.of("", "s"), new DlpSensorDocument.Spec("",
          List.of(new DlpSensorDocument.Pattern("p", "x{1,2}", DlpSensorDocument.Validator.NONE, 0)),
          java.util.Set.of(DlpSensorDocument.Location.URL), 1, DlpSensorDocument.Action.MASK,
          new DlpSensorDocument.Mask(c, 0, true), true));

      assertRoundTrips(List.of(sensor));
    }
  }

  @Test
  void awkwardStringsSurviveInEveryPlaceAStringCanBe() {
    for (String value : RandomPolicies.AWKWARD_STRINGS) {
      WorkloadPolicy policy = new RandomPolicies(1).workloadPolicy("shop", "p", "w");
      WorkloadPolicy withAnnotation = new WorkloadPolicy(
          new ObjectMeta("p", "shop", Map.of(), Map.of("k", value, value + "-key", "v")), policy.spec());

      assertRoundTrips(List.of(withAnnotation));
    }
  }
}
