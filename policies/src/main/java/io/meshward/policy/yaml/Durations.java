package io.meshward.policy.yaml;

import java.time.Duration;

/**
 * Durations as operators write them: a whole number and one unit, {@code 250ms}, {@code 30s}, {@code 5m},
 * {@code 24h}. Deliberately no compound forms ({@code 1h30m}) and no fractions, so that every duration has exactly
 * one canonical spelling.
 */
final class Durations {
  private static final int MAX_DIGITS = 9;
  private static final String EXPECTED = "expected a whole number followed by ms, s, m or h, such as 250ms, 30s,"
      + " 5m or 24h";

  private Durations() {}

  /** Parses a positive duration; the exception's message is fit for an operator. */
  static Duration parse(String text) {
    int digits = 0;
    while (digits < text.length() && Names.isDigit(text.charAt(digits))) {
      digits++;
    }
    if (digits == 0 || digits > MAX_DIGITS) {
      throw new IllegalArgumentException("invalid duration " + Quote.value(text) + ": "
          + (digits > MAX_DIGITS ? "the number is too large" : EXPECTED));
    }
    long amount = Long.parseLong(text.substring(0, digits));
    Duration duration = switch (text.substring(digits)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> throw new IllegalArgumentException("invalid duration " + Quote.value(text) + ": " + EXPECTED);
    };
    if (duration.isZero()) {
      throw new IllegalArgumentException("invalid duration " + Quote.value(text) + ": must be greater than zero");
    }
    return duration;
  }

  /** The canonical spelling: the largest unit that expresses the duration exactly ({@code 3600s} is {@code 1h}). */
  static String format(Duration duration) {
    if (duration.isNegative() || duration.isZero() || duration.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException("duration " + duration + " has no spelling: it must be a positive whole"
          + " number of milliseconds");
    }
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }
}
