package io.meshward.waf.bodyprocessors;

import java.util.Locale;
import java.util.Optional;

/**
 * The request body processors, named as SecLang names them: the value of REQBODY_PROCESSOR and of
 * {@code ctl:requestBodyProcessor=...}.
 */
public enum BodyProcessorType {
  /** {@code application/x-www-form-urlencoded}: ARGS_POST from {@code name=value&...}. */
  URLENCODED,
  /** {@code multipart/form-data}: ARGS_POST, FILES*, MULTIPART_* . */
  MULTIPART,
  /** JSON (only when a rule selects it, as CRS's set-up rule 200001 does): ARGS_POST named {@code json.a.b}. */
  JSON,
  /** XML (selected by a rule, as rule 200000 does): the XML collection ({@code /*} and {@code //@*}). */
  XML,
  /** No parsing: the body is only available as REQUEST_BODY. */
  RAW;

  /** The name as it appears in REQBODY_PROCESSOR. */
  public String variableValue() {
    return name();
  }

  /**
   * The processor named by {@code ctl:requestBodyProcessor=<name>}, case-insensitively. ModSecurity's names are
   * URLENCODED, MULTIPART, JSON and XML; RAW is this engine's name for "none".
   */
  public static Optional<BodyProcessorType> fromName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toUpperCase(Locale.ROOT);
    for (BodyProcessorType t : values()) {
      if (t.name().equals(n)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The processor ModSecurity picks from the Content-Type header when no rule chose one: URLENCODED for
   * {@code application/x-www-form-urlencoded...}, MULTIPART for {@code multipart/form-data...} (prefix match, any
   * case, leading whitespace ignored), RAW otherwise. JSON and XML are never picked implicitly.
   */
  public static BodyProcessorType defaultFor(String contentType) {
    if (contentType == null) {
      return RAW;
    }
    String ct = contentType.stripLeading();
    if (ct.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)) {
      return URLENCODED;
    }
    if (ct.regionMatches(true, 0, "multipart/form-data", 0, 19)) {
      return MULTIPART;
    }
    return RAW;
  }
}
