package io.meshward.waf.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.DlpSensorDocument;
import io.meshward.policy.model.ObjectMeta;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DlpSensorTranslationTest {
  private static DlpSensorDocument document(DlpSensorDocument.Validator validator, DlpSensorDocument.Action action,
                                            Set<DlpSensorDocument.Location> locations) {
    return new DlpSensorDocument(ObjectMeta.of("", "s"), new DlpSensorDocument.Spec("ignored by the engine",
        List.of(new DlpSensorDocument.Pattern("p", "x{1,4}", validator, 3)), locations, 2, action,
        new DlpSensorDocument.Mask('#', 3, false), true));
  }

  @Test
  void everyFieldIsCarriedOver() {
    DlpSensor sensor = DlpSensorTranslation.toSensor(document(DlpSensorDocument.Validator.US_SSN,
        DlpSensorDocument.Action.BLOCK, EnumSet.of(DlpSensorDocument.Location.URL,
            DlpSensorDocument.Location.RESPONSE_HEADERS)));

    assertThat(sensor).isEqualTo(new DlpSensor("s", List.of(new DlpSensor.Pattern("p", "x{1,4}", Validator.US_SSN, 3)),
        Set.of(DlpLocation.URL, DlpLocation.RESPONSE_HEADERS), 2, DlpAction.BLOCK, new MaskStyle('#', 3, false),
        true));
  }

  @Test
  void everyValidatorActionAndLocationOfTheYamlKindHasItsEngineCounterpart() {
    for (DlpSensorDocument.Validator validator : DlpSensorDocument.Validator.values()) {
      DlpSensor sensor = DlpSensorTranslation.toSensor(document(validator, DlpSensorDocument.Action.ALERT,
          Set.of(DlpSensorDocument.Location.URL)));
      // The YAML spelling is the engine's own config name: one vocabulary in files, docs and reports.
      assertThat(sensor.patterns().get(0).validator().configName()).isEqualTo(validator.configName());
    }
    for (DlpSensorDocument.Action action : DlpSensorDocument.Action.values()) {
      assertThat(DlpSensorTranslation.toSensor(document(DlpSensorDocument.Validator.NONE, action,
          Set.of(DlpSensorDocument.Location.URL))).action().name()).isEqualTo(action.name());
    }
    DlpSensor everywhere = DlpSensorTranslation.toSensor(document(DlpSensorDocument.Validator.NONE,
        DlpSensorDocument.Action.ALERT, EnumSet.allOf(DlpSensorDocument.Location.class)));
    assertThat(everywhere.locations()).isEqualTo(EnumSet.allOf(DlpLocation.class));
    assertThat(DlpSensorDocument.Validator.values()).hasSameSizeAs(Validator.values());
  }
}
