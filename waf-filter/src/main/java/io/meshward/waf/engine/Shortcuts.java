package io.meshward.waf.engine;

import io.meshward.waf.rules.RuleSet;

/**
 * What the engine works out once per rule set so that transactions do less work, with the same verdicts: the rule
 * screens, the phase-1 prelude and the rules it settles, and the target removals of ctl actions that hold no
 * macro. Immutable, shared by every transaction.
 */
record Shortcuts(RuleScreens screens, Prelude prelude, SettledRules settled, TargetRemovals targetRemovals) {
  /** None: every rule is evaluated in full in every transaction, every ctl resolved when it runs. */
  static Shortcuts none(RuleSet ruleSet) {
    return new Shortcuts(RuleScreens.none(ruleSet), Prelude.NONE, SettledRules.NONE, TargetRemovals.NONE);
  }

  /** Each built on the ones before: the prelude runs with screens, the settled rules are evaluated after it. */
  static Shortcuts of(RuleSet ruleSet, BodyProcessing bodies) {
    RuleScreens screens = RuleScreens.of(ruleSet);
    TargetRemovals removals = TargetRemovals.of(ruleSet);
    Prelude prelude = Prelude.of(ruleSet, new Shortcuts(screens, Prelude.NONE, SettledRules.NONE, removals), bodies);
    Shortcuts withPrelude = new Shortcuts(screens, prelude, SettledRules.NONE, removals);
    return new Shortcuts(screens, prelude, SettledRules.of(ruleSet, withPrelude, bodies), removals);
  }
}
