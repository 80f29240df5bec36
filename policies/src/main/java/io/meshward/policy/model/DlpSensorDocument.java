package io.meshward.policy.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A data-loss-prevention sensor: a named set of patterns for one kind of sensitive data, where to look for it, how
 * many matches make a finding and what ENFORCE does about it. Cluster-scoped: WAF profiles name sensors by their name
 * alone ({@link WafProfile.Dlp#sensors()}).
 *
 * <p>Called a document rather than a sensor because waf-filter has its own {@code DlpSensor}, the compiled form; this
 * is what an operator writes. The checks that need the regex engine waf-filter scans with (unbounded or nested
 * repetition, anchors, back references) happen when waf-filter compiles the sensor, since policies does not depend on
 * it.
 */
public record DlpSensorDocument(ObjectMeta metadata, Spec spec) implements PolicyDocument {
  public static final String KIND = "DlpSensor";
  /** The longest match a pattern may report; waf-filter's scanner supports no more (it bounds the regions scanned). */
  public static final int MAX_PATTERN_LENGTH = 8192;

  public DlpSensorDocument {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String kind() {
    return KIND;
  }

  /**
   * @param description what the sensor finds, for the people reading reports; empty when none was given
   * @param patterns what to look for; at least one, names unique
   * @param locations where to look; at least one
   * @param minMatches matches (in one location of one exchange) before the sensor fires; at least 1
   * @param action what ENFORCE does when the sensor fires (LEARN and MONITOR only alert)
   * @param mask how matches are masked, and sampled in reports
   * @param enabledByDefault whether profiles that do not name their sensors get this one
   */
  public record Spec(String description, List<Pattern> patterns, Set<Location> locations, int minMatches,
                     Action action, Mask mask, boolean enabledByDefault) {
    public Spec {
      description = description == null ? "" : description;
      patterns = Collections2.copyOf(patterns);
      if (patterns.isEmpty()) {
        throw new IllegalArgumentException("a sensor has at least one pattern");
      }
      Objects.requireNonNull(locations, "locations");
      if (locations.isEmpty()) {
        throw new IllegalArgumentException("a sensor looks in at least one location");
      }
      // Enum order, whatever order they were written in: equal sensors write equal bytes.
      locations = Collections.unmodifiableSet(EnumSet.copyOf(locations));
      if (minMatches < 1) {
        throw new IllegalArgumentException("minMatches is at least 1, not " + minMatches);
      }
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(mask, "mask");
    }
  }

  /**
   * One pattern of a sensor.
   *
   * @param name names the pattern in reports (e.g. {@code visa})
   * @param regex searched anywhere in the text; Java/PCRE syntax without back references or lookaround
   * @param validator checks each candidate beyond the pattern
   * @param maxLength the longest match reported, for a regex with unbounded repetition; 0 when the regex's own bound
   *     applies (which must then exist)
   */
  public record Pattern(String name, String regex, Validator validator, int maxLength) {
    public Pattern {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(regex, "regex");
      Objects.requireNonNull(validator, "validator");
      if (maxLength < 0 || maxLength > MAX_PATTERN_LENGTH) {
        throw new IllegalArgumentException("maxLength is 0 (none) to " + MAX_PATTERN_LENGTH + ", not " + maxLength);
      }
    }
  }

  /**
   * How a match is masked: letters and digits become {@code character} except the last {@code keepLast};
   * separators stay when {@code keepSeparators}.
   */
  public record Mask(char character, int keepLast, boolean keepSeparators) {
    public static final int MAX_KEEP_LAST = 8;
    /** What goes into a JSON string or a header unchanged: printable ASCII punctuation, no quote or backslash. */
    public static final String ALLOWED_CHARACTERS = "!#$%&'()*+,-./:;<=>?@[]^_`{|}~ ";

    public Mask {
      if (keepLast < 0 || keepLast > MAX_KEEP_LAST) {
        throw new IllegalArgumentException("keepLast is 0 to " + MAX_KEEP_LAST + ", not " + keepLast);
      }
      if (ALLOWED_CHARACTERS.indexOf(character) < 0) {
        throw new IllegalArgumentException("the mask character is printable ASCII punctuation other than \" and \\");
      }
    }

    /** Every letter and digit masked, separators kept. */
    public static Mask defaults() {
      return new Mask('*', 0, true);
    }
  }

  /** The checks a pattern's candidates can get; written in YAML in lower case with dashes ({@code us-ssn}). */
  public enum Validator {
    NONE, LUHN, US_SSN, IBAN, JWT, HIGH_ENTROPY;

    public String configName() {
      return ConfigNames.of(this);
    }
  }

  /** Where a sensor looks; written {@code url}, {@code request-headers}, ... */
  public enum Location {
    URL, REQUEST_HEADERS, REQUEST_BODY, RESPONSE_HEADERS, RESPONSE_BODY;

    public String configName() {
      return ConfigNames.of(this);
    }
  }

  /** What ENFORCE does; written {@code alert}, {@code block}, {@code mask}. */
  public enum Action {
    ALERT, BLOCK, MASK;

    public String configName() {
      return ConfigNames.of(this);
    }
  }

  /** The YAML spelling of the DLP enums: lower case, '-' for '_'. */
  private static final class ConfigNames {
    private ConfigNames() {}

    static String of(Enum<?> value) {
      return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
