package io.meshward.waf.engine;

import io.meshward.waf.rules.VariableSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * The targets {@code ctl:ruleRemoveTarget*} removed in one transaction. Consulted once per rule evaluated (hundreds
 * per request) and usually holding one removal shared with every other transaction (CRS's 941010), so it keeps the
 * removals as they came, each answering for its own rules, rather than copying their rule ids into a table per
 * transaction.
 */
final class RemovedTargets {
  private final List<TargetRemoval> removals = new ArrayList<>(2);

  boolean isEmpty() {
    return removals.isEmpty();
  }

  void add(TargetRemoval removal) {
    for (int i = 0, n = removals.size(); i < n; i++) {
      if (removals.get(i) == removal) {
        return; // the same ctl again: its target is already removed
      }
    }
    removals.add(removal);
  }

  /** The targets removed from rule {@code ruleId}, in the order removed, or null when none were. */
  List<VariableSelector> of(int ruleId) {
    List<VariableSelector> found = null;
    boolean copied = false;
    for (int i = 0, n = removals.size(); i < n; i++) {
      TargetRemoval removal = removals.get(i);
      if (!removal.removesFrom(ruleId)) {
        continue;
      }
      if (found == null) {
        found = removal.target();
      } else {
        if (!copied) {
          found = new ArrayList<>(found);
          copied = true;
        }
        found.addAll(removal.target());
      }
    }
    return found;
  }
}
