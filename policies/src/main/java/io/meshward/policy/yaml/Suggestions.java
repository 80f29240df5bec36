package io.meshward.policy.yaml;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for misspelt field names, kinds and enum values. */
final class Suggestions {
  private static final int MAX_DISTANCE = 2;
  /** Longer words are no typo of any name we know; skipping them bounds the cost of hostile keys. */
  private static final int MAX_COMPARED_LENGTH = 64;

  private Suggestions() {}

  /** The first candidate within edit distance 2 of {@code word}, ignoring case, the closest winning. */
  static Optional<String> closest(String word, List<String> candidates) {
    if (word.length() > MAX_COMPARED_LENGTH) {
      return Optional.empty();
    }
    String lower = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = MAX_DISTANCE + 1;
    for (String candidate : candidates) {
      int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  static String unknownField(String field, List<String> known) {
    return "unknown field " + Quote.field(field) + closest(field, known)
        .map(c -> "; did you mean " + Quote.field(c) + "?")
        .orElseGet(() -> "; known fields are " + String.join(", ", known));
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
