package io.meshward.waf.service.profile;

import io.meshward.waf.dlp.BuiltinSensors;
import io.meshward.waf.dlp.DlpConfigException;
import io.meshward.waf.dlp.DlpEngine;
import io.meshward.waf.dlp.DlpSensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DLP engine of each profile, from the built-in sensors it names ({@code spec.dlp.sensors}; the ones on by
 * default when it names none; none for an empty list). Profiles that name the same sensors share one engine.
 */
final class DlpSelections {
  private final List<DlpSensor> builtins = BuiltinSensors.all();
  private final Map<List<String>, Optional<DlpEngine>> engines = new HashMap<>();

  /** @throws IllegalArgumentException naming the profile and the sensors that do not exist */
  Optional<DlpEngine> forProfile(WafProfile profile) {
    List<String> names = profile.dlpSensors()
        .orElseGet(() -> builtins.stream().filter(DlpSensor::enabledByDefault).map(DlpSensor::name).toList());
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
      builtins.stream().filter(s -> s.name().equals(name)).findFirst()
          .ifPresentOrElse(chosen::add, () -> unknown.add(name));
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("WafProfile " + profile.name() + " names DLP sensors that do not exist: "
          + String.join(", ", unknown) + " (built-in: "
          + String.join(", ", builtins.stream().map(DlpSensor::name).toList()) + ")");
    }
    try {
      return Optional.of(DlpEngine.compile(chosen));
    } catch (DlpConfigException e) {
      throw new IllegalStateException("the built-in DLP sensors do not compile: " + e.getMessage(), e);
    }
  }
}
