package io.meshward.waf.service.profile;

import io.meshward.waf.dlp.DlpConfigException;
import io.meshward.waf.dlp.DlpEngine;
import io.meshward.waf.dlp.DlpSensor;
import io.meshward.waf.dlp.load.DlpSensorSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DLP engine of each profile, from the sensors of the loaded set it names ({@code spec.dlp.sensors}; the ones
 * on by default when it names none; none for an empty list). The set is the built-in library with the operator's
 * DlpSensor documents over it. Profiles that name the same sensors share one engine.
 */
final class DlpSelections {
  private final DlpSensorSet sensors;
  private final Map<List<String>, Optional<DlpEngine>> engines = new HashMap<>();

  DlpSelections(DlpSensorSet sensors) {
    this.sensors = sensors;
  }

  /** @throws IllegalArgumentException naming the profile and the sensors that do not exist */
  Optional<DlpEngine> forProfile(WafProfile profile) {
    List<String> names = profile.dlpSensors()
        .orElseGet(() -> sensors.defaults().stream().map(DlpSensor::name).toList());
    Optional<DlpEngine> engine = engines.get(names);
    if (engine == null) {
      engine = compile(profile, names);
      engines.put(names, engine);
    }
    return engine;
  }

  private Optional<DlpEngine> compile(WafProfile profile, List<String> names) {
    if (names.isEmpty()) {
      return Optional.empty();
    }
    List<DlpSensor> chosen = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      sensors.sensor(name).ifPresentOrElse(chosen::add, () -> unknown.add(name));
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("WafProfile " + profile.name() + " names DLP sensors that do not exist: "
          + String.join(", ", unknown) + " (the sensors are: "
          + String.join(", ", sensors.all().stream().map(DlpSensor::name).toList()) + ")");
    }
    try {
      return Optional.of(DlpEngine.compile(chosen));
    } catch (DlpConfigException e) {
      // The set compiled as a whole when it loaded; a subset of it compiles too.
      throw new IllegalStateException("the DLP sensors " + names + " do not compile: " + e.getMessage(), e);
    }
  }
}
