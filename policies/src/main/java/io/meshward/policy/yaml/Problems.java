package io.meshward.policy.yaml;

import io.meshward.policy.validate.Location;
import io.meshward.policy.validate.PolicyError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The errors of one text. Every error is collected, so that an operator can fix a file in one round, but only up to
 * {@link #MAX_ERRORS}: a hostile text must not make a megabyte-long error message.
 */
final class Problems {
  static final int MAX_ERRORS = 200;

  private final String source;
  private final List<PolicyError> errors = new ArrayList<>();
  private boolean truncated;

  Problems(String source) {
    this.source = source;
  }

  String source() {
    return source;
  }

  void add(PolicyError error) {
    if (errors.size() < MAX_ERRORS) {
      errors.add(error);
    } else {
      truncated = true;
    }
  }

  void addAll(List<PolicyError> more) {
    more.forEach(this::add);
  }

  /** An error about the text as a whole. */
  void addForSource(Location at, String message) {
    add(PolicyError.ofSource(source, at, message));
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  boolean isFull() {
    return errors.size() >= MAX_ERRORS;
  }

  /** The errors in the order of the text; when some were dropped the last one says so. */
  List<PolicyError> sorted() {
    List<PolicyError> result = new ArrayList<>(errors);
    result.sort(Comparator.comparingInt(PolicyError::document)
        .thenComparingInt(PolicyError::line)
        .thenComparingInt(PolicyError::column));
    if (truncated) {
      result = new ArrayList<>(result.subList(0, MAX_ERRORS - 1));
      result.add(PolicyError.ofSource(source, Location.UNKNOWN,
          "too many errors: only the first " + (MAX_ERRORS - 1) + " are shown"));
    }
    return result;
  }
}
