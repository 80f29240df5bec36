package io.meshward.waf.dlp.load;

import io.meshward.policy.model.WafProfile;
import io.meshward.waf.dlp.DlpConfigException;
import io.meshward.waf.dlp.DlpEngine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DLP engine of each WAF profile: the sensors its {@code spec.dlp.sensors} names, or the set's defaults when it
 * has no {@code dlp}. Every name of every profile is checked before anything is returned, so that one profile naming
 * a sensor that does not exist refuses the profiles and sensors together, as they would be loaded together.
 */
public final class DlpProfiles {
  private DlpProfiles() {}

  /**
   * @return each profile's engine by profile name
   * @throws DlpConfigException listing every profile that names an unknown sensor, and which
   */
  public static Map<String, DlpEngine> resolve(Collection<WafProfile> profiles, DlpSensorSet sensors)
      throws DlpConfigException {
    List<String> problems = new ArrayList<>();
    for (WafProfile profile : profiles) {
      List<String> unknown = selection(profile).orElse(List.of()).stream()
          .filter(name -> sensors.sensor(name).isEmpty()).toList();
      if (!unknown.isEmpty()) {
        problems.add("WafProfile " + profile.metadata().name() + ": spec.dlp.sensors names "
            + (unknown.size() == 1 ? "a sensor that does not exist: " : "sensors that do not exist: ")
            + String.join(", ", unknown) + " (the sensors are " + String.join(", ",
            sensors.all().stream().map(s -> s.name()).toList()) + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new DlpConfigException(String.join("\n", problems));
    }
    // Profiles often share a selection (most name none): compile each distinct selection once.
    Map<Optional<List<String>>, DlpEngine> compiled = new HashMap<>();
    Map<String, DlpEngine> engines = new LinkedHashMap<>();
    for (WafProfile profile : profiles) {
      Optional<List<String>> selection = selection(profile);
      DlpEngine engine = compiled.get(selection);
      if (engine == null) {
        engine = sensors.engine(selection);
        compiled.put(selection, engine);
      }
      engines.put(profile.metadata().name(), engine);
    }
    return Collections.unmodifiableMap(engines);
  }

  private static Optional<List<String>> selection(WafProfile profile) {
    return profile.spec().dlp().map(WafProfile.Dlp::sensors);
  }
}
