package io.meshward.policy.model;

/** Syslog severities as SecLang and the CRS use them, from the most to the least severe. */
public enum Severity {
  EMERGENCY,
  ALERT,
  CRITICAL,
  ERROR,
  WARNING,
  NOTICE,
  INFO,
  DEBUG;

  /** True when this severity is {@code other} or worse. */
  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }
}
