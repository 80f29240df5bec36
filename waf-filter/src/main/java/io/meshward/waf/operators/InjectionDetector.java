package io.meshward.waf.operators;

import java.util.Optional;

/**
 * A libinjection-style detector behind {@code @detectSQLi} / {@code @detectXSS}.
 *
 * <p>Implementations are pure, thread-safe, and bounded in time (libinjection is linear in the input).
 */
@FunctionalInterface
public interface InjectionDetector {
  /**
   * Looks for an injection in {@code input} (a byte string, one char per byte).
   *
   * @return the fingerprint when an injection is found (libinjection's token signature for SQLi, e.g.
   *     {@code "s&sos"}; any non-empty text for XSS), empty otherwise
   */
  Optional<String> detect(String input);

  /** As {@link Operator#requiredBytes()}: bytes one of which every input this detector flags holds, or null. */
  default long[] requiredBytes() {
    return null;
  }
}
