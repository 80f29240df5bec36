package io.meshward.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Times as the tables show them. */
final class TimeText {
  private TimeText() {}

  /** ISO-8601 to the second: precise enough for people, and still sortable text; other text as it is. */
  static String isoSeconds(String instant) {
    try {
      return Instant.parse(instant).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return instant;
    }
  }

  /** "3m ago": how long ago something happened, to the unit that matters at a glance. */
  static String ago(Instant then, Instant now) {
    Duration elapsed = Duration.between(then, now);
    if (elapsed.isNegative()) {
      // Clocks of two hosts may disagree a little; "just now" is the honest reading.
      return "just now";
    }
    long seconds = elapsed.toSeconds();
    if (seconds < 60) {
      return seconds + "s ago";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m ago";
    }
    if (seconds < 86_400) {
      return seconds / 3600 + "h ago";
    }
    return seconds / 86_400 + "d ago";
  }
}
