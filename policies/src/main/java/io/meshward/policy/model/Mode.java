package io.meshward.policy.model;

import java.util.Locale;
import java.util.Optional;

/** Where a workload is in its lifecycle: learning its traffic, watching for violations, or enforcing. */
public enum Mode {
  /** Every observed flow joins the allowlist; RBAC is shadow only; WAF and DLP only report. */
  LEARN,
  /** The allowlist is frozen; violations are reported, nothing is blocked. */
  MONITOR,
  /** The allowlist is enforced with default deny; WAF and DLP block or mask. */
  ENFORCE;

  /** Parses a mode case-insensitively ("learn", "ENFORCE"); empty when the text names no mode. */
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
