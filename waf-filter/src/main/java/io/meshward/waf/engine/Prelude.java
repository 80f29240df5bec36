package io.meshward.waf.engine;

import io.meshward.waf.actions.PerMatchAction;
import io.meshward.waf.actions.SetVar;
import io.meshward.waf.macros.MacroString;
import io.meshward.waf.rules.Rule;
import io.meshward.waf.rules.RuleSet;
import io.meshward.waf.rules.VariableSelector;
import io.meshward.waf.variables.Entry;
import io.meshward.waf.variables.Variable;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A run of phase-1 rules whose outcome no request can change, and what they leave behind. They read only TX, which
 * nothing but rules writes: CRS's initialisation is some thirty of them (a default for each setting crs-setup.conf
 * left unset, every score set to zero), a tenth of what a benign GET cost, and every transaction ran them to the
 * same end. They run once, on a transaction of their own, when the rule set is compiled. A transaction that reaches
 * the first of them with TX still empty (no rule before wrote it) and nothing removed or skipped takes what they
 * left (TX, MATCHED_VAR, MATCHED_VAR_NAME, MATCHED_VARS, the recorded matches, the highest severity) and goes on
 * after the last; otherwise it runs them itself.
 *
 * <p>A rule belongs to the prelude when it and its chain read only TX (targets, and macros in its operator, setvars,
 * msg and logdata: TX and RULE), write only TX and jump nowhere (no ctl, initcol or setenv, no skip or skipAfter).
 * Its disruptive action may be anything: when a rule of the prelude would interrupt or allow (the setup check that
 * denies a request when crs-setup.conf was not loaded), there is no prelude and every transaction runs those rules
 * itself. The prelude is the longest run of such rules in phase 1.
 */
record Prelude(int start, int end, List<Entry> tx, String matchedVar, String matchedVarName, List<Entry> matchedVars,
               List<RuntimeTransaction.RecordedMatch> matches, int highestSeverity, boolean audit) {
  static final Prelude NONE = new Prelude(-1, -1, List.of(), null, null, List.of(), List.of(), -1, false);

  /** What the macros of a prelude rule may read. */
  private static final Set<Variable> READABLE = EnumSet.of(Variable.TX, Variable.RULE);

  /**
   * @param start the position in phase 1 of its first rule; -1 for none
   * @param end the position after its last rule
   * @param tx the TX entries they leave, in order; copied into each transaction, since an entry caches its
   *     transformations and a transaction is not shared
   * @param matchedVar MATCHED_VAR's value; null when none of them matched, and then it is left as it was
   * @param matchedVarName MATCHED_VAR_NAME's value, null like {@code matchedVar}
   * @param matchedVars MATCHED_VARS' entries after the last of them, copied like TX's
   * @param matches the matches they recorded, in order (immutable, shared)
   * @param highestSeverity the highest severity among those matches, -1 for none
   * @param audit whether one of them asked for the audit log
   */
  Prelude {
    tx = List.copyOf(tx);
    matchedVars = List.copyOf(matchedVars);
    matches = List.copyOf(matches);
  }

  /** Runs the rule set's prelude once and keeps what it leaves; {@link #NONE} when there is none to keep. */
  static Prelude of(RuleSet ruleSet, Shortcuts screensOnly, BodyProcessing bodies) {
    int[] run = longestRun(ruleSet.phase(1));
    if (run[1] - run[0] < 2) {
      return NONE; // one rule is as cheap to evaluate as to take
    }
    return new RuntimeTransaction(ruleSet, screensOnly, "prelude", bodies, null).runAsPrelude(run[0], run[1]);
  }

  /** The start and end of the longest run of rules in {@code phaseOne} that belong to a prelude. */
  static int[] longestRun(List<Rule> phaseOne) {
    int[] longest = {0, 0};
    int from = 0;
    for (int position = 0; position <= phaseOne.size(); position++) {
      if (position == phaseOne.size() || !belongs(phaseOne.get(position))) {
        if (position - from > longest[1] - longest[0]) {
          longest = new int[] {from, position};
        }
        from = position + 1;
      }
    }
    return longest;
  }

  private static boolean belongs(Rule rule) {
    if (rule.isMarker()) {
      return true;
    }
    for (Rule link = rule; link != null; link = link.chained()) {
      if (link.skipAfter() != null || link.skip() > 0 || !readsOnlyTx(link)) {
        return false;
      }
      for (PerMatchAction action : link.perMatch()) {
        if (!(action instanceof SetVar setVar) || setVar.variable() != Variable.TX
            || !setVar.name().readsOnly(READABLE) || !setVar.value().readsOnly(READABLE)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean readsOnlyTx(Rule link) {
    for (VariableSelector selector : link.variables()) {
      if (selector.variable() != Variable.TX) {
        return false;
      }
    }
    return (link.operator() == null || link.operatorArgument() == null
        || MacroString.parse(link.operatorArgument()).readsOnly(READABLE))
        && (link.msg() == null || link.msg().readsOnly(READABLE))
        && (link.logData() == null || link.logData().readsOnly(READABLE));
  }
}
