package io.meshward.waf.service.profile;

import io.meshward.waf.RuleLoadException;
import io.meshward.waf.dlp.DlpConfigException;
import io.meshward.waf.dlp.load.DlpSensorFiles;
import io.meshward.waf.dlp.load.DlpSensorSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry in force, swapped whole on a reload. An inspection resolves its profile (and with it its engine)
 * once, when it starts, so a request in flight finishes on the engine it started with while new requests get the
 * new one; nothing waits for a reload. A reload that fails (a profile file that does not read, a rule set or
 * exclusion that does not compile, a DlpSensor file that does not read or compile, a profile naming a sensor that
 * is gone) leaves the registry in force untouched and logs why. The DLP sensors are read with the profiles, so the
 * two always agree.
 */
public final class LiveProfiles implements Supplier<ProfileRegistry> {
  private static final Logger log = LoggerFactory.getLogger(LiveProfiles.class);

  /** What a reload did: {@code applied}, or refused with the reason. */
  public record Outcome(boolean applied, String message) {}

  private final Path crsDirectory;
  private final List<WafProfile> configured;
  private final Optional<Path> profilesPath;
  private final ProfileFiles files;
  private final Optional<Path> sensorsPath;
  private final DlpSensorFiles sensorFiles;
  private final AtomicReference<ProfileRegistry> current = new AtomicReference<>();

  private LiveProfiles(Path crsDirectory, List<WafProfile> configured, Optional<Path> profilesPath,
                       ProfileFiles files, Optional<Path> sensorsPath, DlpSensorFiles sensorFiles) {
    this.crsDirectory = crsDirectory;
    this.configured = List.copyOf(configured);
    this.profilesPath = profilesPath;
    this.files = files;
    this.sensorsPath = sensorsPath;
    this.sensorFiles = sensorFiles;
  }

  /**
   * Loads the rules and profiles for the first time; unlike a reload, a failure here is thrown (there is nothing
   * older to keep serving).
   *
   * @param configured profiles given in code, after the built-in default and before those of the files (a later
   *     profile of the same name replaces an earlier one)
   * @param profilesPath a WafProfile file or directory, if any
   */
  public static LiveProfiles load(Path crsDirectory, List<WafProfile> configured, Optional<Path> profilesPath,
                                  ProfileFiles files) throws ProfileLoadException, RuleLoadException, IOException {
    return load(crsDirectory, configured, profilesPath, files, Optional.empty(), null);
  }

  /**
   * Like {@link #load(Path, List, Optional, ProfileFiles)}, with DlpSensor documents over the built-in sensors.
   *
   * @param sensorsPath a DlpSensor file or directory, if any (else the built-in sensors alone)
   * @param sensorFiles reads it; may be null when there is no path
   */
  public static LiveProfiles load(Path crsDirectory, List<WafProfile> configured, Optional<Path> profilesPath,
                                  ProfileFiles files, Optional<Path> sensorsPath, DlpSensorFiles sensorFiles)
      throws ProfileLoadException, RuleLoadException, IOException {
    if (sensorsPath.isPresent() && sensorFiles == null) {
      throw new IllegalArgumentException("a DLP sensor path needs a reader");
    }
    LiveProfiles live = new LiveProfiles(crsDirectory, configured, profilesPath, files, sensorsPath, sensorFiles);
    live.current.set(live.build(null));
    return live;
  }

  @Override
  public ProfileRegistry get() {
    return current.get();
  }

  public Path crsDirectory() {
    return crsDirectory;
  }

  public Optional<Path> profilesPath() {
    return profilesPath;
  }

  public Optional<Path> sensorsPath() {
    return sensorsPath;
  }

  /**
   * Reads the profiles again and swaps in the new registry, or keeps the old one when anything is wrong.
   *
   * @param rulesChanged whether the CRS files may have changed: then every engine is compiled anew; otherwise the
   *     engines of unchanged profiles are kept and only new settings are compiled
   */
  public synchronized Outcome reload(boolean rulesChanged) {
    ProfileRegistry before = current.get();
    try {
      ProfileRegistry next = build(rulesChanged ? null : before);
      current.set(next);
      String message = "WAF " + (rulesChanged ? "rules and profiles" : "profiles") + " reloaded: "
          + String.join(", ", next.names());
      log.info(message);
      return new Outcome(true, message);
    } catch (ProfileLoadException | RuleLoadException | IOException | RuntimeException e) {
      String message = "WAF " + (rulesChanged ? "rules and profiles" : "profiles") + " not reloaded, the previous"
          + " ones keep serving: " + e.getMessage();
      log.error(message);
      return new Outcome(false, message);
    }
  }

  private ProfileRegistry build(ProfileRegistry reused) throws ProfileLoadException, RuleLoadException, IOException {
    List<WafProfile> profiles = new ArrayList<>(configured);
    List<ProfileFiles.Sourced> sourced = profilesPath.isPresent() ? files.read(profilesPath.get()) : List.of();
    sourced.forEach(s -> profiles.add(s.profile()));
    try {
      // Without sensor files the registry takes the built-in set it compiled once for the process.
      return sensorsPath.isPresent()
          ? ProfileRegistry.load(crsDirectory, profiles, sensorFileSet(sensorsPath.get()), reused)
          : ProfileRegistry.load(crsDirectory, profiles, reused);
    } catch (RuleLoadException e) {
      // The engine names a profile's generated SecLang by the profile; say which file that profile came from.
      for (ProfileFiles.Sourced s : sourced) {
        if (e.getMessage().contains("profile " + s.profile().name() + " (")) {
          throw new ProfileLoadException(s.file() + ": WafProfile " + s.profile().name()
              + " does not compile (the line counts from the start of its generated exclusions and extraSecLang): "
              + e.getMessage(), e);
        }
      }
      throw e;
    } catch (IllegalArgumentException e) {
      // A profile names DLP sensors that do not exist: say which file it came from.
      for (ProfileFiles.Sourced s : sourced) {
        if (e.getMessage().startsWith("WafProfile " + s.profile().name() + " ")) {
          throw new ProfileLoadException(s.file() + ": " + e.getMessage(), e);
        }
      }
      throw new ProfileLoadException(e.getMessage(), e);
    }
  }

  /** The built-ins with the DlpSensor documents of {@code path} over them; errors name file and sensor. */
  private DlpSensorSet sensorFileSet(Path path) throws ProfileLoadException {
    try {
      return DlpSensorSet.load(sensorFiles.read(path));
    } catch (DlpConfigException e) {
      throw new ProfileLoadException("the DLP sensors did not load: " + e.getMessage(), e);
    }
  }
}
