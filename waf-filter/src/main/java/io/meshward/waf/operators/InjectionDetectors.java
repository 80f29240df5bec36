package io.meshward.waf.operators;

import io.meshward.waf.sqli.SqliDetector;
import io.meshward.waf.xss.XssDetector;
import java.util.Optional;

/**
 * The detectors {@link Operators} gives {@code @detectSQLi} and {@code @detectXSS}: our libinjection-compatible
 * implementations. Each is immutable and loaded once, on first use (their tables are read from resources), and then
 * shared by every rule set and thread.
 */
public final class InjectionDetectors {
  /** A detector that never finds anything (for tests that want the operators inert). */
  public static final InjectionDetector NEVER = input -> Optional.empty();

  private InjectionDetectors() {}

  /** The SQL-injection detector, compatible with libinjection's {@code libinjection_sqli()} (same fingerprints). */
  public static InjectionDetector sqli() {
    return SqliHolder.DETECTOR;
  }

  /** The XSS detector, compatible with libinjection's {@code libinjection_xss()}. */
  public static InjectionDetector xss() {
    return XssHolder.DETECTOR;
  }

  // Holder classes: loaded, and their resources read, only when a rule set first uses the operator.
  private static final class SqliHolder {
    static final SqliDetector DETECTOR = SqliDetector.create();
  }

  private static final class XssHolder {
    static final XssDetector DETECTOR = XssDetector.create();
  }
}
