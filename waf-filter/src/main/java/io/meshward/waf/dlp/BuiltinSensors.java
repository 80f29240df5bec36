package io.meshward.waf.dlp;

import io.meshward.policy.dlp.BuiltinDlpSensors;
import java.util.List;

/**
 * The sensors meshward ships, as the engine's {@link DlpSensor}s. They are defined once, as DlpSensor documents in the
 * policies module ({@link BuiltinDlpSensors#RESOURCE}), where the README and operators read them; this class only
 * translates them. Card numbers, national ids and bank accounts are checksum- or range-validated; credentials are
 * recognised by the formats their issuers document; contact data and the generic high-entropy detector are off by
 * default.
 */
public final class BuiltinSensors {
  private BuiltinSensors() {}

  /** Read once per class loader: the resource cannot change, and parsing it costs milliseconds on every call. */
  private static final class Library {
    static final List<DlpSensor> ALL = BuiltinDlpSensors.read().stream().map(DlpSensorTranslation::toSensor).toList();
    static final List<DlpSensor> DEFAULTS = ALL.stream().filter(DlpSensor::enabledByDefault).toList();
  }

  /** Every built-in sensor, the ones off by default included, in the library's order. */
  public static List<DlpSensor> all() {
    return Library.ALL;
  }

  /** The sensors on by default. */
  public static List<DlpSensor> defaults() {
    return Library.DEFAULTS;
  }
}
