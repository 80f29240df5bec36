package io.meshward.waf.auditlog;

import io.meshward.waf.MatchedData;
import io.meshward.waf.MatchedRule;
import io.meshward.waf.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the audit log keeps of one transaction: who, what, which rules matched, the anomaly scores. Matched values
 * and logdata are capped in length; bodies are never logged.
 */
public record AuditRecord(
    Instant time,
    String transactionId,
    String clientAddress,
    String method,
    String uri,
    int inboundScore,
    int outboundScore,
    String interruption,
    List<Match> matches) {

  /** How much of a matched value or logdata is kept. */
  public static final int MAX_VALUE_CHARS = 256;

  public AuditRecord {
    matches = List.copyOf(matches);
  }

  /** One matched rule. */
  public record Match(int ruleId, String message, String data, int severity, List<String> tags,
                      List<String> matchedVariables, List<String> matchedValues) {
    public Match {
      tags = List.copyOf(tags);
      matchedVariables = List.copyOf(matchedVariables);
      matchedValues = List.copyOf(matchedValues);
    }
  }

  /** The record of a finished transaction (its matches may be empty when the audit engine logs everything). */
  public static AuditRecord of(Transaction tx, Instant time) {
    List<MatchedRule> rules = tx.matchedRules();
    List<Match> matches = new ArrayList<>(rules.size());
    for (MatchedRule rule : rules) {
      if (!rule.log()) {
        continue; // nolog rules (CRS's bookkeeping: setvar, skips) are not findings
      }
      List<String> names = new ArrayList<>();
      List<String> values = new ArrayList<>();
      for (MatchedData data : rule.matches()) {
        if (!data.variable().isEmpty()) {
          names.add(data.name());
          values.add(cap(data.value()));
        }
      }
      matches.add(new Match(rule.id(), cap(rule.message()), cap(rule.data()), rule.severity(), rule.tags(), names,
          values));
    }
    return new AuditRecord(time, tx.id(), tx.variable("REMOTE_ADDR", null).orElse(""),
        tx.variable("REQUEST_METHOD", null).orElse(""), tx.variable("REQUEST_URI", null).orElse(""),
        score(tx, "blocking_inbound_anomaly_score"), score(tx, "blocking_outbound_anomaly_score"),
        tx.interruption().map(i -> i.action() + " " + i.status() + " by rule " + i.ruleId()).orElse(""),
        matches);
  }

  private static int score(Transaction tx, String key) {
    try {
      return Integer.parseInt(tx.variable("TX", key).orElse("0").trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static String cap(String value) {
    if (value == null) {
      return "";
    }
    return value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS) + "...";
  }
}
