package io.meshward.waf.dlp;

import io.meshward.policy.model.DlpSensorDocument;
import java.util.EnumSet;
import java.util.Set;

/**
 * A {@link DlpSensorDocument}, as an operator writes it, as the engine's {@link DlpSensor}. Pure and total: the policy
 * reader has already checked every value the two share, so that only {@link DlpEngine#compile} can still refuse the
 * sensor (for what needs the engine's regex analysis). The description stays behind: the engine reports by name.
 */
public final class DlpSensorTranslation {
  private DlpSensorTranslation() {}

  public static DlpSensor toSensor(DlpSensorDocument document) {
    DlpSensorDocument.Spec spec = document.spec();
    Set<DlpLocation> locations = EnumSet.noneOf(DlpLocation.class);
    spec.locations().forEach(location -> locations.add(DlpLocation.valueOf(location.name())));
    return new DlpSensor(document.metadata().name(),
        spec.patterns().stream().map(DlpSensorTranslation::pattern).toList(),
        locations, spec.minMatches(), DlpAction.valueOf(spec.action().name()),
        new MaskStyle(spec.mask().character(), spec.mask().keepLast(), spec.mask().keepSeparators()),
        spec.enabledByDefault());
  }

  private static DlpSensor.Pattern pattern(DlpSensorDocument.Pattern pattern) {
    return new DlpSensor.Pattern(pattern.name(), pattern.regex(), Validator.valueOf(pattern.validator().name()),
        pattern.maxLength());
  }
}
