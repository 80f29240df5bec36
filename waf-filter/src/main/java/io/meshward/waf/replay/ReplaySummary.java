package io.meshward.waf.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The totals of a replay, and per rule how many exchanges it matched and how many of those ENFORCE would deny: the
 * list an operator works through to tune false positives (largest first).
 */
public final class ReplaySummary {
  /** One rule's totals. */
  public record RuleTotal(int id, String message, int exchanges, int denied) {}

  private final Map<Integer, int[]> counts = new LinkedHashMap<>();
  private final Map<Integer, String> messages = new LinkedHashMap<>();
  private int exchanges;
  private int denied;
  private int withFindings;

  public void add(ReplayResult result) {
    exchanges++;
    boolean deny = !result.verdict().allowed();
    if (deny) {
      denied++;
    }
    if (!result.rules().isEmpty()) {
      withFindings++;
    }
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (ReplayResult.RuleHit hit : result.rules()) {
      if (!seen.add(hit.id())) {
        continue;
      }
      int[] count = counts.computeIfAbsent(hit.id(), id -> new int[2]);
      count[0]++;
      if (deny) {
        count[1]++;
      }
      messages.putIfAbsent(hit.id(), hit.message());
    }
  }

  public int exchanges() {
    return exchanges;
  }

  public int denied() {
    return denied;
  }

  public int withFindings() {
    return withFindings;
  }

  /** Rules by the number of exchanges they matched, most first; ties by id. */
  public List<RuleTotal> rules() {
    List<RuleTotal> totals = new ArrayList<>();
    counts.forEach((id, count) -> totals.add(new RuleTotal(id, messages.get(id), count[0], count[1])));
    totals.sort(Comparator.comparingInt(RuleTotal::exchanges).reversed().thenComparingInt(RuleTotal::id));
    return totals;
  }
}
