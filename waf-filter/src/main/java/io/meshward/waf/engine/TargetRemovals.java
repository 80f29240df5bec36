package io.meshward.waf.engine;

import io.meshward.waf.actions.Ctl;
import io.meshward.waf.actions.PerMatchAction;
import io.meshward.waf.rules.Rule;
import io.meshward.waf.rules.RuleSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The target removals of a rule set's {@code ctl} actions whose value holds no macro, resolved once: the value
 * parsed, the target built and the rules it names found, which a transaction otherwise did every time the ctl ran.
 * Immutable after construction, shared by every transaction.
 */
final class TargetRemovals {
  static final TargetRemovals NONE = new TargetRemovals(Map.of());

  private final Map<Ctl, Optional<TargetRemoval>> resolved;

  private TargetRemovals(Map<Ctl, Optional<TargetRemoval>> resolved) {
    this.resolved = resolved;
  }

  static TargetRemovals of(RuleSet ruleSet) {
    // By identity: the lookup is per run of a ctl, and these are the very action objects the rules hold.
    Map<Ctl, Optional<TargetRemoval>> resolved = new IdentityHashMap<>();
    for (Rule rule : ruleSet.rules()) {
      for (Rule link = rule; link != null; link = link.chained()) {
        for (PerMatchAction action : link.perMatch()) {
          if (action instanceof Ctl ctl && ControlActions.removesTargets(ctl.option()) && ctl.value().isConstant()) {
            resolved.put(ctl, Optional.ofNullable(
                ControlActions.resolveRemoval(ruleSet, ctl.option(), ctl.value().text().trim())));
          }
        }
      }
    }
    return new TargetRemovals(resolved);
  }

  /**
   * What {@code ctl} removes, as resolved at load; null when it was not (its value holds a macro). An empty optional
   * is a ctl resolved to nothing: a malformed value, or one naming no rule.
   */
  Optional<TargetRemoval> resolved(Ctl ctl) {
    return resolved.get(ctl);
  }
}
