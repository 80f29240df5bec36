package io.meshward.waf.service.inspect;

import io.meshward.waf.Interruption;
import io.meshward.waf.MatchedRule;
import io.meshward.waf.Transaction;
import io.meshward.waf.dlp.DlpFinding;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the engine found so far in one exchange: the CRS anomaly scores, the ids of the rules that matched and log,
 * the interruption (the engine's decision at the anomaly threshold), and how much of the bodies it saw.
 */
public record Findings(
    int inboundScore,
    int outboundScore,
    List<Integer> ruleIds,
    Optional<Interruption> interruption,
    BodyCoverage requestBody,
    long inspectedRequestBytes,
    BodyCoverage responseBody,
    long inspectedResponseBytes,
    List<RuleHit> ruleHits,
    List<DlpFinding> dlp) {

  private static final MessageMask MASK = new MessageMask();

  public Findings {
    ruleIds = List.copyOf(ruleIds);
    ruleHits = List.copyOf(ruleHits);
    dlp = List.copyOf(dlp);
  }

  /** These findings with what the DLP sensors found (sensor, location, masked sample: never a value). */
  public Findings withDlp(List<DlpFinding> found) {
    return new Findings(inboundScore, outboundScore, ruleIds, interruption, requestBody, inspectedRequestBytes,
        responseBody, inspectedResponseBytes, ruleHits, found);
  }

  public static Findings none() {
    return new Findings(0, 0, List.of(), Optional.empty(), BodyCoverage.FULL, 0, BodyCoverage.FULL, 0, List.of(),
        List.of());
  }

  /** Reads the scores and matches of a transaction. */
  public static Findings of(Transaction tx, BodyCoverage requestBody, long requestBytes, BodyCoverage responseBody,
                            long responseBytes) {
    Set<Integer> ids = new LinkedHashSet<>();
    List<RuleHit> hits = new ArrayList<>();
    for (MatchedRule rule : tx.matchedRules()) {
      if (rule.log() && rule.id() > 0 && ids.add(rule.id())) {
        hits.add(new RuleHit(rule.id(), MASK.of(rule), rule.severity()));
      }
    }
    return new Findings(score(tx, "blocking_inbound_anomaly_score", "inbound_anomaly_score"),
        score(tx, "blocking_outbound_anomaly_score", "outbound_anomaly_score"),
        List.copyOf(ids), tx.interruption(), requestBody, requestBytes, responseBody, responseBytes, hits, List.of());
  }

  private static int score(Transaction tx, String key, String fallbackKey) {
    String value = tx.variable("TX", key).or(() -> tx.variable("TX", fallbackKey)).orElse("0");
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A detection: any score, any rule that logs, or an interruption (whatever the mode made of it). */
  public boolean detected() {
    return inboundScore > 0 || outboundScore > 0 || !ruleIds.isEmpty() || interruption.isPresent() || !dlp.isEmpty();
  }

  /** Nothing worth reporting: no score, no rule, bodies fully seen. */
  public boolean clean() {
    return inboundScore == 0 && outboundScore == 0 && ruleIds.isEmpty() && interruption.isEmpty() && dlp.isEmpty()
        && requestBody == BodyCoverage.FULL && responseBody == BodyCoverage.FULL;
  }
}
