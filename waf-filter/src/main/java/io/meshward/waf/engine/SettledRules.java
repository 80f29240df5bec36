package io.meshward.waf.engine;

import io.meshward.waf.actions.Disruptive;
import io.meshward.waf.actions.PerMatchAction;
import io.meshward.waf.actions.SetVar;
import io.meshward.waf.macros.MacroString;
import io.meshward.waf.rules.Rule;
import io.meshward.waf.rules.RuleSet;
import io.meshward.waf.rules.VariableSelector;
import io.meshward.waf.variables.Entry;
import io.meshward.waf.variables.Keys;
import io.meshward.waf.variables.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rules whose outcome is settled once the {@link Prelude} has run: they read only TX keys that the prelude set and
 * that no other rule writes, so they match, or do not, alike in every transaction that took the prelude. CRS guards
 * every paranoia level of every file with such a rule ({@code TX:DETECTION_PARANOIA_LEVEL "@lt 2"
 * skipAfter:END-...}): some 120 of them ran in every request, two thirds of all the rules a benign GET evaluated.
 * Each is evaluated once, when the rule set is compiled, on a transaction that took the prelude; a transaction that
 * took it too then skips the rules that did not match and, for those that did, takes their recorded match, their
 * MATCHED variables and their skip without evaluating them.
 *
 * <p>A rule is settled when it is not chained, reads only single TX keys (no count, regex or exclusion) among the
 * settled ones, and its operator's macros read only settled keys; when it has no per-match action (setvar, ctl, ...)
 * and no capture, and its disruptive action is pass; and when its msg and logdata read only settled keys, RULE and
 * the MATCHED variables its own match sets. A TX key is settled when the prelude set it and no rule outside the
 * prelude can write it: a setvar names it, or a setvar's name whose macros could expand to it (a name starting with
 * the same literal text), or a capture writes it (keys 0-9), or an undecided regex does ({@code
 * msc_pcre_limits_exceeded}). Immutable.
 */
final class SettledRules {
  static final SettledRules NONE = new SettledRules(new Outcome[6][0]);

  /** What a settled rule that does not match does: nothing. */
  static final Outcome NO_MATCH = new Outcome(null, "", "", List.of());

  /**
   * What a settled rule that matches leaves.
   *
   * @param recorded its recorded match (immutable, shared by every transaction)
   * @param matchedVar MATCHED_VAR after it
   * @param matchedVarName MATCHED_VAR_NAME after it
   * @param matchedVars MATCHED_VARS' entries after it; copied into each transaction, since an entry caches its
   *     transformations
   */
  record Outcome(RuntimeTransaction.RecordedMatch recorded, String matchedVar, String matchedVarName,
                 List<Entry> matchedVars) {}

  /** Per phase, per position in {@link RuleSet#phase(int)}: the settled outcome, or null when not settled. */
  private final Outcome[][] byPhase;

  private SettledRules(Outcome[][] byPhase) {
    this.byPhase = byPhase;
  }

  /**
   * Settles what can be settled after {@code prelude}: each candidate is evaluated on a transaction of its own that
   * took the prelude.
   */
  static SettledRules of(RuleSet ruleSet, Shortcuts shortcuts, BodyProcessing bodies) {
    Prelude prelude = shortcuts.prelude();
    if (prelude.start() < 0) {
      return NONE;
    }
    Set<String> settledKeys = settledKeys(ruleSet, prelude);
    Outcome[][] byPhase = new Outcome[6][];
    byPhase[0] = new Outcome[0];
    for (int phase = 1; phase <= 5; phase++) {
      List<Rule> rules = ruleSet.phase(phase);
      byPhase[phase] = new Outcome[rules.size()];
      // In phase 1, only after the prelude: before it, TX does not hold its keys yet.
      for (int position = phase == 1 ? prelude.end() : 0; position < rules.size(); position++) {
        if (isCandidate(rules.get(position), settledKeys)) {
          RuntimeTransaction scratch = new RuntimeTransaction(ruleSet, shortcuts, "settling", bodies, null);
          byPhase[phase][position] = scratch.settle(phase, position);
        }
      }
    }
    return new SettledRules(byPhase);
  }

  /** The keys the prelude sets that no rule outside it can write (lower case). */
  static Set<String> settledKeys(RuleSet ruleSet, Prelude prelude) {
    Set<String> keys = new HashSet<>();
    for (Entry entry : prelude.tx()) {
      keys.add(entry.lowerKey());
    }
    keys.remove("msc_pcre_limits_exceeded");
    for (int phase = 1; phase <= 5; phase++) {
      List<Rule> rules = ruleSet.phase(phase);
      for (int position = 0; position < rules.size(); position++) {
        if (phase == 1 && position >= prelude.start() && position < prelude.end()) {
          continue;
        }
        for (Rule link = rules.get(position); link != null; link = link.chained()) {
          if (link.capture()) {
            keys.removeIf(key -> key.length() == 1 && Character.isDigit(key.charAt(0)));
          }
          for (PerMatchAction action : link.perMatch()) {
            if (action instanceof SetVar setVar && setVar.variable() == Variable.TX) {
              MacroString name = setVar.name();
              String prefix = Keys.lower(name.literalPrefix());
              if (name.isConstant()) {
                keys.remove(prefix);
              } else {
                keys.removeIf(key -> key.startsWith(prefix));
              }
            }
          }
        }
      }
    }
    return keys;
  }

  private static boolean isCandidate(Rule rule, Set<String> settledKeys) {
    if (rule.isMarker() || rule.chained() != null || rule.operator() == null || rule.id() == 0 || rule.capture()
        || !rule.perMatch().isEmpty() || rule.variables().isEmpty()) {
      return false;
    }
    Disruptive disruptive = rule.disruptive();
    if (disruptive != null && disruptive.kind() != Disruptive.Kind.PASS) {
      return false;
    }
    for (VariableSelector selector : rule.variables()) {
      if (selector.variable() != Variable.TX || selector.key() == null || selector.keyRegex() != null
          || selector.count() || !selector.exclusions().isEmpty() || !settledKeys.contains(selector.lowerKey())) {
        return false;
      }
    }
    MacroString argument = rule.operatorArgument() == null ? null : MacroString.parse(rule.operatorArgument());
    return (argument == null || argument.allMacros((variable, key) -> isSettled(variable, key, settledKeys)))
        && readsOnlySettledOrOwnMatch(rule.msg(), settledKeys)
        && readsOnlySettledOrOwnMatch(rule.logData(), settledKeys);
  }

  private static boolean readsOnlySettledOrOwnMatch(MacroString text, Set<String> settledKeys) {
    return text == null || text.allMacros((variable, key) -> variable == Variable.RULE
        || variable == Variable.MATCHED_VAR || variable == Variable.MATCHED_VAR_NAME
        || isSettled(variable, key, settledKeys));
  }

  private static boolean isSettled(Variable variable, String key, Set<String> settledKeys) {
    return variable == Variable.TX && key != null && settledKeys.contains(Keys.lower(key));
  }

  /** The settled outcome of the rule at {@code position} of {@code phase}, or null when it is not settled. */
  Outcome of(int phase, int position) {
    Outcome[] outcomes = byPhase[phase];
    return position < outcomes.length ? outcomes[position] : null;
  }

  /** How many rules are settled (for tests and diagnostics). */
  int count() {
    int count = 0;
    for (Outcome[] outcomes : byPhase) {
      for (Outcome outcome : outcomes) {
        count += outcome == null ? 0 : 1;
      }
    }
    return count;
  }
}
