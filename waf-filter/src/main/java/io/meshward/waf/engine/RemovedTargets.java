package io.meshward.waf.engine;

import io.meshward.waf.rules.VariableSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The targets {@code ctl:ruleRemoveTarget*} removed in one transaction, by rule id. Consulted once per rule evaluated
 * (hundreds per request), usually empty or holding a few ids, so it is a small open-addressing table over the int
 * ids rather than a map that boxes every lookup.
 */
final class RemovedTargets {
  private int[] ids = new int[0];
  private List<VariableSelector>[] targets = newTable(0);
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  /**
   * Makes room for {@code more} rules at once: a ctl that removes a target by tag (CRS's 941010 runs on every
   * request and names some thirty rules) grew the table four times over.
   */
  void reserve(int more) {
    while ((size + more) * 2 > ids.length) {
      grow();
    }
  }

  void add(int ruleId, VariableSelector target) {
    if (ruleId == 0) {
      return; // no rule has id 0 (chain links do, and they are never targeted by id)
    }
    reserve(1);
    int slot = slotOf(ids, ruleId);
    if (ids[slot] == 0) {
      ids[slot] = ruleId;
      targets[slot] = new ArrayList<>(2);
      size++;
    }
    targets[slot].add(target);
  }

  /** The targets removed from rule {@code ruleId}, or null when none were. */
  List<VariableSelector> of(int ruleId) {
    if (size == 0 || ruleId == 0) {
      return null;
    }
    return targets[slotOf(ids, ruleId)];
  }

  private static int slotOf(int[] ids, int ruleId) {
    int mask = ids.length - 1;
    int slot = (ruleId * 0x9E3779B9 >>> 16) & mask;
    while (ids[slot] != 0 && ids[slot] != ruleId) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    int[] oldIds = ids;
    List<VariableSelector>[] oldTargets = targets;
    ids = new int[Math.max(8, oldIds.length * 2)];
    targets = newTable(ids.length);
    for (int i = 0; i < oldIds.length; i++) {
      if (oldIds[i] != 0) {
        int slot = slotOf(ids, oldIds[i]);
        ids[slot] = oldIds[i];
        targets[slot] = oldTargets[i];
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<VariableSelector>[] newTable(int length) {
    return (List<VariableSelector>[]) new List<?>[length];
  }

  @Override
  public String toString() {
    return "RemovedTargets" + Arrays.toString(ids);
  }
}
