package io.meshward.waf.operators;

import java.util.Optional;

/**
 * {@code @detectSQLi} / {@code @detectXSS}: delegate to an {@link InjectionDetector}. For {@code @detectSQLi}, with
 * {@code capture}, the fingerprint goes to TX.0 (as Coraza and ModSecurity do); {@code @detectXSS} captures nothing.
 */
final class InjectionDetection implements Operator {
  private final String name;
  private final InjectionDetector detector;
  private final boolean capturesFingerprint;

  InjectionDetection(String name, InjectionDetector detector, boolean capturesFingerprint) {
    this.name = name;
    this.detector = detector;
    this.capturesFingerprint = capturesFingerprint;
  }

  @Override
  public boolean matches(OperatorContext context, String input) {
    Optional<String> fingerprint = detector.detect(input);
    if (fingerprint.isEmpty()) {
      return false;
    }
    if (capturesFingerprint && context.capturing()) {
      context.capture(0, fingerprint.get());
    }
    return true;
  }

  @Override
  public long[] requiredBytes() {
    return detector.requiredBytes();
  }

  @Override
  public String toString() {
    return "@" + name;
  }
}
