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
 * Rules whose outcome is settled once the {@link Prelude} has run: they read only TX keys that no rule outside the
 * prelude writes, so they match, or do not, alike in every transaction that took the prelude. CRS guards every
 * paranoia level of every file with such a rule ({@code TX:DETECTION_PARANOIA_LEVEL "@lt 2" skipAfter:END-...}):
 * some 120 of them ran in every request, two thirds of all the rules a benign GET evaluated. Each is evaluated
 * once, when the rule set is compiled, on a transaction that took the prelude; a transaction that took it too then
 * skips the rules that did not match and, for those that did, takes their recorded match, their MATCHED variables
 * and their skip without evaluating them.
 *
 * <p>A rule is a candidate when it reads only single TX keys (counted or not; no regex or exclusion) that are
 * settled, and its operator's macros read only settled keys. A TX key is settled when no rule outside the prelude
 * can write it ({@link TxWriters}); the prelude set it, or nobody does. A candidate that does not match is settled
 * whatever else it would do on a match (a chain, setvars, a deny): CRS's rules that add a paranoia level's score to
 * the blocking score when that level is blocking are such. One that matches is settled only when a match does
 * nothing but record it, set the MATCHED variables and skip: no chain, per-match action (setvar, ctl, ...) or
 * capture, pass as its disruptive action, and msg and logdata that read only settled keys, RULE and the MATCHED
 * variables its own match sets. Immutable.
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
    TxWriters writers = TxWriters.of(ruleSet, prelude);
    Outcome[][] byPhase = new Outcome[6][];
    byPhase[0] = new Outcome[0];
    for (int phase = 1; phase <= 5; phase++) {
      List<Rule> rules = ruleSet.phase(phase);
      byPhase[phase] = new Outcome[rules.size()];
      // In phase 1, only after the prelude: before it, TX does not hold its keys yet.
      for (int position = phase == 1 ? prelude.end() : 0; position < rules.size(); position++) {
        Rule rule = rules.get(position);
        if (isCandidate(rule, writers)) {
          RuntimeTransaction scratch = new RuntimeTransaction(ruleSet, shortcuts, "settling", bodies, null);
          byPhase[phase][position] = scratch.settle(phase, position, isSettledOnMatch(rule, writers));
        }
      }
    }
    return new SettledRules(byPhase);
  }

  private static boolean isCandidate(Rule rule, TxWriters writers) {
    if (rule.isMarker() || rule.operator() == null || rule.id() == 0 || rule.variables().isEmpty()) {
      return false;
    }
    for (VariableSelector selector : rule.variables()) {
      if (selector.variable() != Variable.TX || selector.key() == null || selector.keyRegex() != null
          || !selector.exclusions().isEmpty() || writers.mayWrite(selector.lowerKey())) {
        return false;
      }
    }
    return rule.operatorArgument() == null || MacroString.parse(rule.operatorArgument())
        .allMacros((variable, key) -> isSettled(variable, key, writers));
  }

  /** Whether a match of this candidate can be settled too: it would do nothing a settled outcome cannot hold. */
  private static boolean isSettledOnMatch(Rule rule, TxWriters writers) {
    Disruptive disruptive = rule.disruptive();
    return rule.chained() == null && !rule.capture() && rule.perMatch().isEmpty()
        && (disruptive == null || disruptive.kind() == Disruptive.Kind.PASS)
        && readsOnlySettledOrOwnMatch(rule.msg(), writers) && readsOnlySettledOrOwnMatch(rule.logData(), writers);
  }

  private static boolean readsOnlySettledOrOwnMatch(MacroString text, TxWriters writers) {
    return text == null || text.allMacros((variable, key) -> variable == Variable.RULE
        || variable == Variable.MATCHED_VAR || variable == Variable.MATCHED_VAR_NAME
        || isSettled(variable, key, writers));
  }

  private static boolean isSettled(Variable variable, String key, TxWriters writers) {
    return variable == Variable.TX && key != null && !writers.mayWrite(Keys.lower(key));
  }

  /**
   * The TX keys that rules outside the prelude may write: those a setvar names, those a setvar's name with macros
   * could expand to (every key that starts with its literal text, or every key at all when it starts with a macro),
   * the capture keys 0-9 when a rule captures, and {@code msc_pcre_limits_exceeded}, which an undecided regex sets.
   */
  record TxWriters(Set<String> keys, Set<String> prefixes) {
    static TxWriters of(RuleSet ruleSet, Prelude prelude) {
      Set<String> keys = new HashSet<>();
      Set<String> prefixes = new HashSet<>();
      keys.add("msc_pcre_limits_exceeded");
      for (int phase = 1; phase <= 5; phase++) {
        List<Rule> rules = ruleSet.phase(phase);
        for (int position = 0; position < rules.size(); position++) {
          if (phase == 1 && position >= prelude.start() && position < prelude.end()) {
            continue;
          }
          for (Rule link = rules.get(position); link != null; link = link.chained()) {
            if (link.capture()) {
              for (char digit = '0'; digit <= '9'; digit++) {
                keys.add(String.valueOf(digit));
              }
            }
            for (PerMatchAction action : link.perMatch()) {
              if (action instanceof SetVar setVar && setVar.variable() == Variable.TX) {
                String literal = Keys.lower(setVar.name().literalPrefix());
                (setVar.name().isConstant() ? keys : prefixes).add(literal);
              }
            }
          }
        }
      }
      return new TxWriters(Set.copyOf(keys), Set.copyOf(prefixes));
    }

    boolean mayWrite(String lowerKey) {
      if (keys.contains(lowerKey)) {
        return true;
      }
      for (String prefix : prefixes) {
        if (lowerKey.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
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
