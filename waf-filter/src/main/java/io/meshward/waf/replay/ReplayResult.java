package io.meshward.waf.replay;

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
 * @param verdict the verdict in ENFORCE (allowed or the denial's status, the reason, the scores)
 */
public record ReplayResult(
    String where, String method, String target, int responseStatus, List<RuleHit> rules, Verdict verdict) {

  public ReplayResult {
    rules = List.copyOf(rules);
  }

  /** A rule that matched: its id and message (CRS messages name the attack class, never the request's data). */
  public record RuleHit(int id, String message) {}
}
