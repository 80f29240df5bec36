package io.meshward.waf.engine;

import io.meshward.waf.rules.VariableSelector;
import java.util.Arrays;
import java.util.List;

/**
 * What one {@code ctl:ruleRemoveTargetById}, {@code ById} range, {@code ByTag} or {@code ByMsg} removes: one target,
 * from the rules it names. Immutable: a ctl whose value holds no macro is resolved once per rule set and shared by
 * every transaction that runs it (CRS's 941010 runs one on nearly every request, naming some thirty rules).
 */
final class TargetRemoval {
  private final List<VariableSelector> target;
  private final int[] ruleIds;

  /**
   * @param target the variable (and key or key pattern) removed
   * @param ruleIds the rules it is removed from: at least one, none of them 0
   */
  TargetRemoval(VariableSelector target, int[] ruleIds) {
    if (ruleIds.length == 0) {
      throw new IllegalArgumentException("a target removal names at least one rule");
    }
    this.target = List.of(target);
    this.ruleIds = Arrays.stream(ruleIds).sorted().distinct().toArray();
  }

  /** Whether this removal applies to rule {@code ruleId}: asked for every rule a transaction evaluates. */
  boolean removesFrom(int ruleId) {
    // Most rules evaluated lie outside the named ids' range (941010's are all 941xxx): two compares answer those.
    return ruleId >= ruleIds[0] && ruleId <= ruleIds[ruleIds.length - 1] && Arrays.binarySearch(ruleIds, ruleId) >= 0;
  }

  /** The removed target, as the one-element list a rule's removed targets are read as. */
  List<VariableSelector> target() {
    return target;
  }
}
