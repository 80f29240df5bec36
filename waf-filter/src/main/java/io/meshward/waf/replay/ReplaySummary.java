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

  /** One DLP sensor's totals: exchanges it fired in, where, and what ENFORCE would do. */
  public record SensorTotal(String sensor, int exchanges, java.util.Set<String> locations, String action) {}

  private final Map<Integer, int[]> counts = new LinkedHashMap<>();
  private final Map<String, int[]> sensorCounts = new LinkedHashMap<>();
  private final Map<String, java.util.Set<String>> sensorLocations = new LinkedHashMap<>();
  private final Map<String, String> sensorActions = new LinkedHashMap<>();
  private final Map<Integer, String> messages = new LinkedHashMap<>();
  private int exchanges;
  private int denied;
  private int withFindings;

  public void add(ReplayResult result) {
    exchanges++;
    java.util.Set<String> sensorsSeen = new java.util.HashSet<>();
    for (io.meshward.waf.dlp.DlpFinding finding : result.dlp()) {
      if (sensorsSeen.add(finding.sensor())) {
        sensorCounts.computeIfAbsent(finding.sensor(), s -> new int[1])[0]++;
      }
      sensorLocations.computeIfAbsent(finding.sensor(), s -> new java.util.TreeSet<>())
          .add(finding.location().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      sensorActions.put(finding.sensor(), finding.action().name().toLowerCase(java.util.Locale.ROOT));
    }
    boolean deny = !result.enforce().equals("allow") && !result.enforce().equals("mask");
    if (deny) {
      denied++;
    }
    if (!result.rules().isEmpty() || !result.dlp().isEmpty()) {
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

  /** DLP sensors by the number of exchanges they fired in, most first. */
  public List<SensorTotal> sensors() {
    List<SensorTotal> totals = new ArrayList<>();
    sensorCounts.forEach((sensor, count) -> totals.add(new SensorTotal(sensor, count[0],
        java.util.Set.copyOf(sensorLocations.get(sensor)), sensorActions.get(sensor))));
    totals.sort(Comparator.comparingInt(SensorTotal::exchanges).reversed().thenComparing(SensorTotal::sensor));
    return totals;
  }

  /** Rules by the number of exchanges they matched, most first; ties by id. */
  public List<RuleTotal> rules() {
    List<RuleTotal> totals = new ArrayList<>();
    counts.forEach((id, count) -> totals.add(new RuleTotal(id, messages.get(id), count[0], count[1])));
    totals.sort(Comparator.comparingInt(RuleTotal::exchanges).reversed().thenComparingInt(RuleTotal::id));
    return totals;
  }
}
