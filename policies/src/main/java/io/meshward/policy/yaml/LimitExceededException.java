package io.meshward.policy.yaml;

import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;

/** Stops reading a text that is over one of the {@link Limits}; never leaves the package. */
final class LimitExceededException extends RuntimeException {
  private final transient Optional<Mark> mark;

  LimitExceededException(String message, Optional<Mark> mark) {
    super(message, null, false, false);
    this.mark = mark;
  }

  Optional<Mark> mark() {
    return mark;
  }
}
