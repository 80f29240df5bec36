package io.meshward.waf.dlp;

import io.meshward.waf.regex.PatternShape;
import io.meshward.waf.regex.PatternUnion;
import io.meshward.waf.regex.RegexSyntaxException;
import io.meshward.waf.regex.SafeRegex;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled set of sensors: per location, one scanner for all the sensors that look there. Compiling checks every
 * sensor first and fails on the first problem with the sensor, the pattern and what is wrong, so that a broken set
 * is never applied in part. Immutable and thread-safe.
 */
public final class DlpEngine {
  /** The longest match a pattern may report: bounds the regions its regex looks at. */
  public static final int MAX_PATTERN_LENGTH = 8192;

  private final List<DlpSensor> sensors;
  private final Map<DlpLocation, PatternScanner> scanners;

  private DlpEngine(List<DlpSensor> sensors, Map<DlpLocation, PatternScanner> scanners) {
    this.sensors = List.copyOf(sensors);
    this.scanners = scanners;
  }

  public static DlpEngine compile(List<DlpSensor> sensors) throws DlpConfigException {
    Set<String> names = new HashSet<>();
    Map<DlpLocation, List<PatternScanner.Compiled>> byLocation = new EnumMap<>(DlpLocation.class);
    for (DlpSensor sensor : sensors) {
      String where = "DLP sensor " + (sensor.name() == null ? "(unnamed)" : sensor.name());
      if (sensor.name() == null || !sensor.name().matches("[a-z0-9][a-z0-9.-]{0,62}")) {
        throw new DlpConfigException(where + ": the name must be 1-63 lower-case letters, digits, '.' or '-'");
      }
      if (!names.add(sensor.name())) {
        throw new DlpConfigException(where + ": defined twice");
      }
      if (sensor.patterns().isEmpty()) {
        throw new DlpConfigException(where + ": no patterns");
      }
      if (sensor.locations().isEmpty()) {
        throw new DlpConfigException(where + ": no locations (url, request-headers, request-body, response-headers,"
            + " response-body)");
      }
      if (sensor.minMatches() < 1) {
        throw new DlpConfigException(where + ": minMatches must be at least 1, got " + sensor.minMatches());
      }
      Set<String> patternNames = new HashSet<>();
      for (DlpSensor.Pattern spec : sensor.patterns()) {
        if (!patternNames.add(spec.name())) {
          throw new DlpConfigException(where + ", pattern " + spec.name() + ": defined twice");
        }
        PatternScanner.Compiled compiled = compile(sensor, spec, where + ", pattern " + spec.name());
        for (DlpLocation location : sensor.locations()) {
          byLocation.computeIfAbsent(location, l -> new ArrayList<>()).add(compiled);
        }
      }
    }
    Map<DlpLocation, PatternScanner> scanners = new EnumMap<>(DlpLocation.class);
    for (Map.Entry<DlpLocation, List<PatternScanner.Compiled>> entry : byLocation.entrySet()) {
      try {
        scanners.put(entry.getKey(), new PatternScanner(entry.getValue()));
      } catch (IllegalArgumentException e) {
        throw new DlpConfigException("the DLP sensors for " + entry.getKey() + " are too large together for one"
            + " automaton; use fewer or simpler patterns");
      }
    }
    return new DlpEngine(sensors, scanners);
  }

  static PatternScanner.Compiled compile(DlpSensor sensor, DlpSensor.Pattern spec, String where)
      throws DlpConfigException {
    if (spec.validator() == null) {
      throw new DlpConfigException(where + ": no validator (use none)");
    }
    SafeRegex regex;
    try {
      regex = SafeRegex.compile(spec.regex());
    } catch (RegexSyntaxException e) {
      throw new DlpConfigException(where + ": the regex does not compile: " + e.getMessage());
    }
    PatternShape shape = PatternShape.of(regex);
    if (shape.nestedUnboundedRepeat()) {
      throw new DlpConfigException(where + ": an unbounded repetition inside another (like (a+)*) can backtrack"
          + " without bound; bound the inner one or flatten it");
    }
    if (shape.backReference() || shape.lookaround()) {
      throw new DlpConfigException(where + ": back references and lookaround are not supported in DLP patterns");
    }
    if (shape.leadingAnchor()) {
      throw new DlpConfigException(where + ": DLP patterns are searched anywhere; remove the leading ^, \\A, \\B"
          + " or \\G (use \\b for a word boundary)");
    }
    if (PatternUnion.forSearching(List.of(regex)) == null) {
      throw new DlpConfigException(where + ": the regex is too large for an automaton");
    }
    int maxLength;
    if (spec.maxLength() > 0) {
      maxLength = shape.maxLength() < 0 ? spec.maxLength() : Math.min(spec.maxLength(), shape.maxLength());
    } else if (shape.maxLength() < 0) {
      throw new DlpConfigException(where + ": the regex can match text of any length; bound its repetitions"
          + " (e.g. {1,64}) or give maxLength");
    } else {
      maxLength = shape.maxLength();
    }
    if (maxLength > MAX_PATTERN_LENGTH) {
      throw new DlpConfigException(where + ": a match can be " + maxLength + " bytes long; at most "
          + MAX_PATTERN_LENGTH + " are supported (give a smaller maxLength)");
    }
    if (maxLength == 0) {
      throw new DlpConfigException(where + ": the regex matches only empty text");
    }
    return new PatternScanner.Compiled(sensor, spec, regex, maxLength, shape);
  }

  public List<DlpSensor> sensors() {
    return sensors;
  }

  /** The longest match any sensor at {@code location} can report (0 when none looks there). */
  public int longestMatch(DlpLocation location) {
    PatternScanner scanner = scanners.get(location);
    return scanner == null ? 0 : scanner.longestMatch();
  }

  /** Whether any sensor looks at {@code location}. */
  public boolean looksAt(DlpLocation location) {
    return scanners.containsKey(location);
  }

  /** Scans {@code text} (one char per byte) as found at {@code location}. */
  public DlpScan scan(DlpLocation location, String text) {
    PatternScanner scanner = scanners.get(location);
    if (scanner == null || text.isEmpty()) {
      return DlpScan.NONE;
    }
    List<DlpMatch> matches = scanner.scan(text);
    return new DlpScan(matches, findings(location, text, matches));
  }

  static List<DlpFinding> findings(DlpLocation location, CharSequence text, List<DlpMatch> matches) {
    Map<DlpSensor, List<DlpMatch>> bySensor = new LinkedHashMap<>();
    for (DlpMatch match : matches) {
      bySensor.computeIfAbsent(match.sensor(), s -> new ArrayList<>()).add(match);
    }
    List<DlpFinding> findings = new ArrayList<>();
    bySensor.forEach((sensor, found) -> {
      if (found.size() >= sensor.minMatches()) {
        DlpMatch first = found.get(0);
        findings.add(new DlpFinding(sensor.name(), location, found.size(),
            sensor.mask().sample(text.subSequence(first.start(), first.end())), sensor.action()));
      }
    });
    return findings;
  }
}
