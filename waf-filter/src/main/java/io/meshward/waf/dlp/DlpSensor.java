package io.meshward.waf.dlp;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A sensor: a named set of patterns for one kind of sensitive data, where to look, how many matches make a finding,
 * and what ENFORCE does about it.
 *
 * @param name unique, e.g. {@code payment-card}
 * @param patterns what to look for
 * @param locations where to look
 * @param minMatches matches (in one location of one exchange) before the sensor fires; at least 1
 * @param action what ENFORCE does
 * @param mask how matches are masked (and sampled in reports)
 * @param enabledByDefault whether profiles that do not name their sensors get this one
 */
public record DlpSensor(String name, List<Pattern> patterns, Set<DlpLocation> locations, int minMatches,
                        DlpAction action, MaskStyle mask, boolean enabledByDefault) {

  public DlpSensor {
    patterns = List.copyOf(patterns);
    locations = locations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(locations));
  }

  /**
   * One pattern of a sensor.
   *
   * @param name names the pattern in reports (e.g. {@code visa})
   * @param regex a PCRE pattern, searched anywhere in the text (no start anchors)
   * @param validator checks each candidate
   * @param maxLength the longest match reported, for patterns with unbounded repetition (0: the pattern's own bound,
   *     which must then exist)
   */
  public record Pattern(String name, String regex, Validator validator, int maxLength) {}
}
