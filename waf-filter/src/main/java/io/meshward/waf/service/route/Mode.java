package io.meshward.waf.service.route;

import java.util.Locale;
import java.util.Optional;

/** A workload's mode, as the control plane sets it in {@code meshward.mode}. */
public enum Mode {
  /** Inspect and report; never block. */
  LEARN,
  /** Inspect and report; never block. */
  MONITOR,
  /** Block at the anomaly threshold. */
  ENFORCE;

  public boolean blocks() {
    return this == ENFORCE;
  }

  /** Case-insensitive, as operators type it; empty for anything else. */
  public static Optional<Mode> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
