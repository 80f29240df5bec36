package io.meshward.waf.operators;

import java.util.Optional;

/**
 * The detectors {@link Operators} gives {@code @detectSQLi} and {@code @detectXSS}.
 *
 * <p><b>PLACEHOLDER.</b> Until the libinjection-compatible detectors land, both are {@link #NEVER}: they never
 * report an injection, so every {@code @detectSQLi} / {@code @detectXSS} rule (CRS 942100, 941100 and their
 * companions) is silently inert and the CRS regression tests that expect those rules fail. Replace {@link #sqli()}
 * and {@link #xss()} when the real detectors exist.
 */
public final class InjectionDetectors {
  /** A detector that never finds anything: the placeholder. */
  public static final InjectionDetector NEVER = input -> Optional.empty();

  private InjectionDetectors() {}

  /** The SQL-injection detector (placeholder: {@link #NEVER}). */
  public static InjectionDetector sqli() {
    return NEVER;
  }

  /** The XSS detector (placeholder: {@link #NEVER}). */
  public static InjectionDetector xss() {
    return NEVER;
  }
}
