package io.meshward.waf.service.respond;

import io.meshward.waf.service.inspect.BodyCoverage;
import io.meshward.waf.service.inspect.Findings;
import io.meshward.waf.service.inspect.Verdict;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The headers that carry findings to the application and the access log (LEARN and MONITOR allow with them), and the
 * names a client must not be able to forge. Only our own values go in: numbers, rule ids, fixed words, the request
 * id; never request data.
 */
public final class FindingHeaders {
  public static final String PREFIX = "x-meshward-waf-";
  public static final String SCORE = "x-meshward-waf-score";
  public static final String OUTBOUND_SCORE = "x-meshward-waf-outbound-score";
  public static final String RULES = "x-meshward-waf-rules";
  public static final String ACTION = "x-meshward-waf-action";
  public static final String BODY = "x-meshward-waf-body";
  public static final String ERROR = "x-meshward-waf-error";
  /** The DLP sensors that fired and where ({@code sensor@location,...}): names only, never a value. */
  public static final String DLP = "x-meshward-waf-dlp";
  public static final String REQUEST_ID = "x-meshward-request-id";
  /** Enough ids to act on; a header with hundreds would be truncated by someone along the way. */
  static final int MAX_RULE_IDS = 32;

  private FindingHeaders() {}

  /** Empty for a clean verdict: a benign request passes untouched. */
  public static Map<String, String> of(Verdict verdict) {
    Map<String, String> headers = new LinkedHashMap<>();
    Findings findings = verdict.findings();
    if (findings.clean() && verdict.failure().isEmpty() && verdict.reason() == Verdict.Reason.CLEAN) {
      return headers;
    }
    headers.put(SCORE, Integer.toString(findings.inboundScore()));
    if (findings.outboundScore() > 0) {
      headers.put(OUTBOUND_SCORE, Integer.toString(findings.outboundScore()));
    }
    if (!findings.ruleIds().isEmpty()) {
      headers.put(RULES, ruleIds(findings));
    }
    if (!findings.dlp().isEmpty()) {
      headers.put(DLP, findings.dlp().stream()
          .map(f -> f.sensor() + "@" + f.location().name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .distinct().collect(Collectors.joining(",")));
    }
    headers.put(ACTION, action(verdict));
    coverage(findings).ifPresent(value -> headers.put(BODY, value));
    verdict.failure().ifPresent(failure -> headers.put(ERROR, failure.label()));
    headers.put(REQUEST_ID, verdict.requestId());
    return headers;
  }

  /** "allow", "deny", or, outside ENFORCE, "would-deny" when ENFORCE would have denied. */
  public static String action(Verdict verdict) {
    if (!verdict.allowed()) {
      return "deny";
    }
    boolean wouldDeny = verdict.reason() == Verdict.Reason.ATTACK || verdict.reason() == Verdict.Reason.BODY_TOO_LARGE
        || verdict.reason() == Verdict.Reason.SENSITIVE_DATA;
    return wouldDeny ? "would-deny" : "allow";
  }

  static String ruleIds(Findings findings) {
    return findings.ruleIds().stream().limit(MAX_RULE_IDS).map(String::valueOf).collect(Collectors.joining(","));
  }

  private static java.util.Optional<String> coverage(Findings findings) {
    BodyCoverage worst = findings.requestBody() != BodyCoverage.FULL ? findings.requestBody() : findings.responseBody();
    return worst == BodyCoverage.FULL
        ? java.util.Optional.empty()
        : java.util.Optional.of(worst.name().toLowerCase(Locale.ROOT).replace('_', '-'));
  }
}
