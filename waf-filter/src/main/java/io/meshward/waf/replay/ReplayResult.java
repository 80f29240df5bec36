package io.meshward.waf.replay;

import io.meshward.waf.dlp.DlpAction;
import io.meshward.waf.dlp.DlpFinding;
import io.meshward.waf.service.inspect.Verdict;
import java.util.List;

/**
 * What replaying one exchange found, and what ENFORCE would do with it.
 *
 * @param where where in the recording the exchange came from
 * @param method the request's method
 * @param target the request target (path and query, raw)
 * @param responseStatus the recorded response status, or 0 when none was recorded
 * @param rules the rules that matched and log, in order, with their messages
 * @param verdict the WAF's verdict in ENFORCE (allowed or the denial's status, the reason, the scores)
 * @param dlp the DLP sensors that fired, with masked samples (never the values)
 */
public record ReplayResult(
    String where, String method, String target, int responseStatus, List<RuleHit> rules, Verdict verdict,
    List<DlpFinding> dlp) {

  public ReplayResult {
    rules = List.copyOf(rules);
    dlp = List.copyOf(dlp);
  }

  /**
   * What ENFORCE would do, WAF and DLP together: {@code deny-403} (or the WAF's status) when the WAF denies or a DLP
   * sensor that blocks fired, {@code mask} when a masking sensor fired, else {@code allow}.
   */
  public String enforce() {
    if (!verdict.allowed()) {
      return "deny-" + verdict.status();
    }
    if (dlp.stream().anyMatch(f -> f.action() == DlpAction.BLOCK)) {
      return "deny-403";
    }
    if (dlp.stream().anyMatch(f -> f.action() == DlpAction.MASK)) {
      return "mask";
    }
    return "allow";
  }

  /** A rule that matched: its id and message (CRS messages name the attack class, never the request's data). */
  public record RuleHit(int id, String message) {}
}
