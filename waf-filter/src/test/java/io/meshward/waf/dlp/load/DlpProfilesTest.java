package io.meshward.waf.dlp.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.WafProfile;
import io.meshward.waf.dlp.BuiltinSensors;
import io.meshward.waf.dlp.DlpConfigException;
import io.meshward.waf.dlp.DlpEngine;
import io.meshward.waf.dlp.DlpSensor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DlpProfilesTest {
  private static WafProfile profile(String name, Optional<List<String>> sensors) {
    WafProfile.Spec d = WafProfile.Spec.defaults();
    return new WafProfile(ObjectMeta.of("", name), new WafProfile.Spec(d.paranoiaLevel(), d.anomalyThreshold(),
        d.body(), d.failureMode(), d.timeBudget(), d.allowedMethods(), d.allowedContentTypes(), d.exclusions(),
        d.extraSecLang(), sensors.map(WafProfile.Dlp::new)));
  }

  private static List<String> names(DlpEngine engine) {
    return engine.sensors().stream().map(DlpSensor::name).toList();
  }

  @Test
  void aProfileGetsTheSensorsItNamesTheDefaultsWhenItNamesNoneAndNothingForAnEmptyList() throws Exception {
    Map<String, DlpEngine> engines = DlpProfiles.resolve(List.of(
        profile("default", Optional.empty()),
        profile("payments", Optional.of(List.of("payment-card", "jwt"))),
        profile("internal", Optional.of(List.of()))), DlpSensorSet.builtins());

    assertThat(names(engines.get("default")))
        .containsExactlyElementsOf(BuiltinSensors.defaults().stream().map(DlpSensor::name).toList());
    assertThat(names(engines.get("payments"))).containsExactly("payment-card", "jwt");
    assertThat(names(engines.get("internal"))).isEmpty();
  }

  @Test
  void profilesNamingSensorsThatDoNotExistAreAllListedAndNothingIsReturned() {
    assertThatThrownBy(() -> DlpProfiles.resolve(List.of(
        profile("a", Optional.of(List.of("payment-cards"))),
        profile("b", Optional.of(List.of("email"))),
        profile("c", Optional.of(List.of("ssn", "iban", "pan")))), DlpSensorSet.builtins()))
        .isInstanceOf(DlpConfigException.class)
        .hasMessageStartingWith("WafProfile a: spec.dlp.sensors names a sensor that does not exist: payment-cards"
            + " (the sensors are payment-card, us-ssn, iban, ")
        .hasMessageContaining("\nWafProfile c: spec.dlp.sensors names sensors that do not exist: ssn, pan (")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("WafProfile b"));
  }
}
