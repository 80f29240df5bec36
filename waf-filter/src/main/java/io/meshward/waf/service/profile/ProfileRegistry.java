package io.meshward.waf.service.profile;

import io.meshward.waf.RuleLoadException;
import io.meshward.waf.WafConfig;
import io.meshward.waf.WafEngine;
import io.meshward.waf.dlp.DlpConfigException;
import io.meshward.waf.dlp.load.DlpSensorSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The profiles the service knows, each with its compiled engine; immutable. The {@code default} profile is always
 * there (the built-in one unless a profile of that name is given). Reloading profiles or rules means building a new
 * registry and swapping it in: inspections in flight keep the one they started with.
 */
public final class ProfileRegistry {
  private final Map<String, LoadedProfile> profiles;
  private final Map<EngineSettings, WafEngine> engines;

  private ProfileRegistry(Map<String, LoadedProfile> profiles, Map<EngineSettings, WafEngine> engines) {
    this.profiles = Map.copyOf(profiles);
    this.engines = Map.copyOf(engines);
  }

  /**
   * Compiles CRS (from {@code crsDirectory}, as installed) once per distinct set of engine settings.
   *
   * @throws RuleLoadException when the rules do not load
   */
  public static ProfileRegistry load(Path crsDirectory, List<WafProfile> profiles)
      throws IOException, RuleLoadException {
    return load(crsDirectory, profiles, null);
  }

  /**
   * Like {@link #load(Path, List)}, but takes the engines of {@code reused} whose settings are still wanted instead
   * of compiling them again: when only profiles changed (not the rules), a reload then compiles only what is new.
   *
   * @param reused a registry built from the same CRS files, or null
   */
  public static ProfileRegistry load(Path crsDirectory, List<WafProfile> profiles, ProfileRegistry reused)
      throws IOException, RuleLoadException {
    return load(crsDirectory, profiles, BuiltinSet.INSTANCE, reused);
  }

  /** The built-in sensor library as a set, compiled once: it cannot change while the process runs. */
  private static final class BuiltinSet {
    static final DlpSensorSet INSTANCE = builtins();

    private static DlpSensorSet builtins() {
      try {
        return DlpSensorSet.builtins();
      } catch (DlpConfigException e) {
        throw new IllegalStateException("the built-in DLP sensors do not compile: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Like {@link #load(Path, List, ProfileRegistry)}, with the DLP sensors profiles may name taken from
   * {@code sensors} (the built-ins with an operator's DlpSensor documents over them).
   *
   * @throws IllegalArgumentException when a profile names a sensor the set does not have
   */
  public static ProfileRegistry load(Path crsDirectory, List<WafProfile> profiles, DlpSensorSet sensors,
                                     ProfileRegistry reused) throws IOException, RuleLoadException {
    Map<String, WafProfile> byName = new LinkedHashMap<>();
    byName.put(WafProfile.DEFAULT_NAME, WafProfile.defaultProfile());
    for (WafProfile profile : profiles) {
      byName.put(profile.name(), profile);
    }
    Map<EngineSettings, WafEngine> engines = new HashMap<>();
    Map<String, LoadedProfile> loaded = new HashMap<>();
    DlpSelections dlp = new DlpSelections(sensors);
    for (WafProfile profile : byName.values()) {
      EngineSettings settings = profile.engineSettings();
      WafEngine engine = engines.get(settings);
      if (engine == null && reused != null) {
        engine = reused.engines.get(settings);
      }
      if (engine == null) {
        engine = compile(crsDirectory, profile, settings);
      }
      engines.put(settings, engine);
      loaded.put(profile.name(), new LoadedProfile(profile, engine, dlp.forProfile(profile)));
    }
    return new ProfileRegistry(loaded, engines);
  }

  private static WafEngine compile(Path crsDirectory, WafProfile profile, EngineSettings settings)
      throws IOException, RuleLoadException {
    Path base = crsDirectory.toAbsolutePath();
    WafEngine engine = WafEngine.load(WafConfig.builder()
        .text("meshward-engine-setup", ProfileTranslation.beforeCrs(settings), base)
        .crs(crsDirectory)
        .text("profile " + profile.name() + " (exclusions, then extraSecLang)", ProfileTranslation.afterCrs(settings),
            base)
        .build());
    EngineWarmUp.run(engine);
    return engine;
  }

  public Optional<LoadedProfile> find(String name) {
    return Optional.ofNullable(profiles.get(name));
  }

  public LoadedProfile defaultProfile() {
    return profiles.get(WafProfile.DEFAULT_NAME);
  }

  public int size() {
    return profiles.size();
  }

  /** The profile names, sorted. */
  public List<String> names() {
    return profiles.keySet().stream().sorted().toList();
  }

  /** How many distinct engines the profiles share. */
  public int engineCount() {
    return engines.size();
  }
}
