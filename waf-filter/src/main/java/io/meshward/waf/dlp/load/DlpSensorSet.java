package io.meshward.waf.dlp.load;

import io.meshward.waf.dlp.BuiltinSensors;
import io.meshward.waf.dlp.DlpConfigException;
import io.meshward.waf.dlp.DlpEngine;
import io.meshward.waf.dlp.DlpSensor;
import io.meshward.waf.dlp.DlpSensorTranslation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sensors a waf-filter knows: the built-in library with an operator's DlpSensor documents over it. A document
 * replaces the built-in of its name (in the library's place, so that the order of findings stays stable) or adds a
 * sensor after them. Loading compiles every sensor, each on its own first so that an error names the sensor's file,
 * then all together, so that a set that is returned can be used whole and one that is refused is applied in no part.
 * Immutable.
 */
public final class DlpSensorSet {
  private final Map<String, DlpSensor> byName;
  private final List<DlpSensor> defaults;

  private DlpSensorSet(Map<String, DlpSensor> byName) {
    this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    this.defaults = byName.values().stream().filter(DlpSensor::enabledByDefault).toList();
  }

  /** The built-in library alone. */
  public static DlpSensorSet builtins() throws DlpConfigException {
    return load(List.of());
  }

  /**
   * The built-ins with {@code documents} over them.
   *
   * @throws DlpConfigException naming the file and sensor of every sensor the engine refuses, or what is wrong with
   *     the sensors together
   */
  public static DlpSensorSet load(Collection<SourcedSensor> documents) throws DlpConfigException {
    Map<String, DlpSensor> byName = new LinkedHashMap<>();
    BuiltinSensors.all().forEach(sensor -> byName.put(sensor.name(), sensor));
    List<String> problems = new ArrayList<>();
    for (SourcedSensor document : documents) {
      DlpSensor sensor = DlpSensorTranslation.toSensor(document.document());
      try {
        DlpEngine.compile(List.of(sensor));
      } catch (DlpConfigException e) {
        problems.add(document.file() + ": DlpSensor " + document.name() + ": " + e.getMessage());
        continue;
      }
      byName.put(sensor.name(), sensor);
    }
    if (!problems.isEmpty()) {
      throw new DlpConfigException(String.join("\n", problems));
    }
    try {
      DlpEngine.compile(List.copyOf(byName.values()));
    } catch (DlpConfigException e) {
      throw new DlpConfigException("the DLP sensors cannot be used together: " + e.getMessage());
    }
    return new DlpSensorSet(byName);
  }

  /** Every sensor, built-in ones first in the library's order, then those only documents define. */
  public List<DlpSensor> all() {
    return List.copyOf(byName.values());
  }

  /** The sensors of a profile that names none. */
  public List<DlpSensor> defaults() {
    return defaults;
  }

  public Optional<DlpSensor> sensor(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The engine for a profile's sensors: the named ones (each must exist), or the defaults when it names none.
   *
   * @throws DlpConfigException when a name is not a sensor of the set
   */
  public DlpEngine engine(Optional<List<String>> names) throws DlpConfigException {
    if (names.isEmpty()) {
      return DlpEngine.compile(defaults);
    }
    List<DlpSensor> selected = new ArrayList<>();
    for (String name : names.get()) {
      DlpSensor sensor = byName.get(name);
      if (sensor == null) {
        throw new DlpConfigException("no DLP sensor " + name + ": the sensors are " + String.join(", ",
            byName.keySet()));
      }
      selected.add(sensor);
    }
    return DlpEngine.compile(selected);
  }
}
