package io.meshward.waf.engine;

import io.meshward.waf.MatchedData;
import io.meshward.waf.actions.Disruptive;
import io.meshward.waf.actions.PerMatchAction;
import io.meshward.waf.regex.PatternUnion;
import io.meshward.waf.rules.Rule;
import io.meshward.waf.rules.RuleSet;
import io.meshward.waf.rules.VariableSelector;
import io.meshward.waf.transformations.Transformation;
import io.meshward.waf.variables.Entry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the rules of a phase against a transaction, with the semantics of the reference engines:
 * <ul>
 *   <li>rules run in file order; a removed rule, a rule before the marker a {@code skipAfter} jumps to, and the
 *       rules a {@code skip} passes over do not run;</li>
 *   <li>every target value goes through the rule's transformations (cached on the value, per chain prefix, for
 *       the transaction: values never change) and the operator; each match sets MATCHED_VAR, MATCHED_VAR_NAME and MATCHED_VARS and runs the
 *       rule's per-match actions (setvar, ctl, ...) at once, even when the rest of a chain will not match;</li>
 *   <li>a parent whose own targets matched evaluates its chain; only when every link matched do its flow and
 *       disruptive actions run and is the match recorded.</li>
 * </ul>
 */
final class RuleEvaluator {
  /** What a rule that matched nothing returns; never written. */
  private static final List<MatchedData> NO_MATCHES = List.of();

  private final RuleSet ruleSet;
  private final RuleScreens screens;
  private final Prelude prelude;
  private final SettledRules settled;
  private final RuntimeTransaction tx;
  /** Per screen: the values it last looked at (the transaction's cached array for its slot), or null. */
  private final Entry[][] screenedValues;
  /** Per screen: whether none of those values can match any member. */
  private final boolean[] screenedOut;
  /** Per selector slot: the values last summarised (the transaction's array for the slot), or null. */
  private final Entry[][] summarisedValues;
  /** Per selector slot: every byte those values hold (four words), for the screens' first test. */
  private final long[][] slotBytes;

  RuleEvaluator(RuleSet ruleSet, Shortcuts shortcuts, RuntimeTransaction tx) {
    this.ruleSet = ruleSet;
    this.screens = shortcuts.screens();
    this.prelude = shortcuts.prelude();
    this.settled = shortcuts.settled();
    this.tx = tx;
    this.screenedValues = new Entry[screens.size()][];
    this.screenedOut = new boolean[screens.size()];
    this.summarisedValues = new Entry[ruleSet.selectorSlots()][];
    this.slotBytes = new long[ruleSet.selectorSlots()][];
  }

  /** Evaluates the rules of {@code phase} at positions {@code from} (inclusive) to {@code to} (exclusive). */
  void evaluatePhase(int phase, int from, int to) {
    List<Rule> rules = ruleSet.phase(phase);
    for (int position = from; position < to; position++) {
      Rule rule = rules.get(position);
      if (tx.interrupted() && phase != 5) {
        break;
      }
      if (tx.skipAfter != null) {
        // Straight to the marker; with none left in this phase, the skip goes on in the next.
        int marker = ruleSet.markerAt(phase, tx.skipAfter, position);
        if (marker < 0) {
          break;
        }
        tx.skipAfter = null;
        position = marker;
        continue;
      }
      if (rule.isMarker()) {
        continue;
      }
      if (tx.isRemoved(rule.id())) {
        continue;
      }
      if (tx.skip > 0) {
        tx.skip--;
        continue;
      }
      if (tx.allowAll || (tx.allowPhase && phase == tx.allowedPhase)
          || (tx.allowRequest && (phase == 1 || phase == 2))) {
        break;
      }
      tx.clearMatchedVars();
      if (position == prelude.start() && phase == 1 && prelude.end() <= to && tx.canTakePrelude()) {
        tx.takePrelude();
        position = prelude.end() - 1;
        continue;
      }
      SettledRules.Outcome outcome = tx.tookPrelude() ? settled.of(phase, position) : null;
      if (outcome != null && tx.removedTargets(rule.id()) == null) {
        if (outcome != SettledRules.NO_MATCH) {
          tx.takeSettled(outcome);
        }
        continue;
      }
      int[] ruledOutBy = screens.of(phase, position);
      if (ruledOutBy != null && ruledOut(ruledOutBy)) {
        continue;
      }
      evaluate(rule, 0, rule);
      tx.capturing = false;
    }
    if (tx.allowPhase && phase == tx.allowedPhase) {
      tx.allowPhase = false;
    }
    if (phase == 2) {
      tx.allowRequest = false;
    }
    tx.skip = 0;
  }

  /** Whether every one of the screens finds that no value of its target can match its rules. */
  private boolean ruledOut(int[] screenIds) {
    for (int id : screenIds) {
      if (!screenedOut(id)) {
        return false;
      }
    }
    return true;
  }

  private boolean screenedOut(int id) {
    RuleScreens.Screen screen = screens.screen(id);
    // The same array means the same values: the transaction replaces a slot's array whenever its values change.
    Entry[] values = tx.values(screen.selector(), screen.slot(), null);
    if (screenedValues[id] == values) {
      return screenedOut[id];
    }
    boolean out = true;
    long[] triggers = screen.triggers();
    if (triggers != null && !Entry.intersect(bytesHeld(screen.slot(), values), triggers)) {
      // No value of the slot holds a trigger: out without a look at each value. A slot's values are looked at by
      // some twenty screens, most of which the bytes of a header or a word rule out.
      screenedValues[id] = values;
      screenedOut[id] = true;
      return true;
    }
    for (Entry entry : values) {
      if (triggers != null && !entry.holdsAnyOf(triggers)) {
        continue; // no transformation of this value can hold a byte that a member needs
      }
      boolean may = !screen.multiMatch() ? mayMatch(screen, transform(screen.transforms(), entry))
          : screen.splitAt() >= 0 ? splitMayMatch(screen, entry) : anyMayMatch(screen, entry);
      if (may) {
        out = false;
        break;
      }
    }
    screenedValues[id] = values;
    screenedOut[id] = out;
    return out;
  }

  private long[] bytesHeld(int slot, Entry[] values) {
    long[] held = slotBytes[slot];
    if (summarisedValues[slot] != values) {
      if (held == null) {
        held = new long[4];
        slotBytes[slot] = held;
      } else {
        Arrays.fill(held, 0L);
      }
      for (Entry entry : values) {
        entry.addBytesTo(held);
      }
      summarisedValues[slot] = values;
    }
    return held;
  }

  private boolean anyMayMatch(RuleScreens.Screen screen, Entry entry) {
    for (String candidate : multiMatchValues(screen.transforms(), entry)) {
      if (mayMatch(screen, candidate)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@link #anyMayMatch} for a pipeline with a decoding step ({@link RuleScreens.Screen#splitAt()}): the values before
   * it are scanned only when the untransformed value holds a byte that could become one a member needs, and the
   * values from it on only when the decoded value does. A benign word decodes to a few random bytes, which seldom
   * hold the punctuation these patterns need; before, every value went through the whole pipeline and its scans.
   */
  private boolean splitMayMatch(RuleScreens.Screen screen, Entry entry) {
    Transformation[] steps = screen.transforms().transformations();
    int[] prefixIds = screen.transforms().transformationPrefixIds();
    int split = screen.splitAt();
    long[] after = screen.triggersAfter();
    boolean scanBefore = entry.holdsAnyOf(screen.triggersBefore());
    String value = entry.value();
    if (scanBefore && mayMatch(screen, value)) {
      return true;
    }
    for (int i = 0; i < steps.length; i++) {
      if (i == split && after != null) {
        // Most values end here; an uncached decoded value is asked about without being made into a string.
        String decoded = entry.transformed(prefixIds[i]);
        if (decoded != null ? !holdsAnyOf(decoded, after) : !steps[i].resultHoldsAnyOf(value, after)) {
          return false;
        }
      }
      String next = step(entry, steps, prefixIds, i, value);
      if ((scanBefore || i >= split) && !next.equals(value) && mayMatch(screen, next)) {
        return true;
      }
      value = next;
    }
    return false;
  }

  private static boolean mayMatch(RuleScreens.Screen screen, String value) {
    long[] needed = screen.needed();
    PatternUnion union = screen.union();
    return (needed == null || holdsAnyOf(value, needed)) && (union == null || union.mayMatch(value));
  }

  /** Whether {@code value} holds one of the bytes in {@code wanted}; true for a char above 0xFF (not decided). */
  private static boolean holdsAnyOf(String value, long[] wanted) {
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c > 0xFF || (wanted[c >>> 6] & (1L << (c & 63))) != 0) {
        return true;
      }
    }
    return false;
  }

  /** Evaluates a rule (a chain link when {@code chainLevel > 0}) and returns what matched; empty when nothing. */
  private List<MatchedData> evaluate(Rule rule, int chainLevel, Rule parent) {
    tx.capturing = rule.capture();
    tx.currentRule = rule;
    // Most rules evaluated match nothing: their list is made at the first match (see test).
    List<MatchedData> matches = NO_MATCHES;
    boolean isParent = chainLevel == 0;
    if (rule.operator() == null) {
      // SecAction: always matches.
      tx.matchWithoutVariable();
      runPerMatchActions(rule);
      String message = "";
      String data = "";
      if (!isParent) {
        message = expand(rule.msg());
        data = expand(rule.logData());
      }
      matches = new ArrayList<>(2);
      matches.add(new MatchedData("", "", "", message, data, chainLevel));
    } else {
      List<VariableSelector> selectors = rule.variables();
      int[] slots = rule.selectorSlots();
      List<VariableSelector> removed = tx.removedTargets(rule.id());
      for (int s = 0; s < slots.length; s++) {
        VariableSelector selector = selectors.get(s);
        for (Entry entry : tx.values(selector, slots[s], removed)) {
          if (rule.multiMatch()) {
            for (String candidate : multiMatchValues(rule, entry)) {
              matches = test(rule, chainLevel, isParent, matches, s, entry, candidate);
            }
          } else {
            matches = test(rule, chainLevel, isParent, matches, s, entry, transform(rule, entry));
          }
        }
      }
    }
    if (matches.isEmpty() || !isParent) {
      return matches;
    }
    for (Rule link = rule.chained(); link != null; link = link.chained()) {
      List<MatchedData> linkMatches = evaluate(link, chainLevel + 1, parent);
      if (linkMatches.isEmpty()) {
        return linkMatches;
      }
      matches.addAll(linkMatches);
    }
    tx.currentRule = rule;
    if (rule.chained() != null || rule.operator() == null) {
      // Expanded after the chain, so that MATCHED_* refer to the chain's last match.
      MatchedData first = matches.get(0);
      matches.set(0, new MatchedData(first.variable(), first.key(), first.value(), expand(rule.msg()),
          expand(rule.logData()), first.chainLevel()));
    }
    if (rule.skipAfter() != null) {
      tx.skipAfter = rule.skipAfter();
    }
    if (rule.skip() > 0) {
      tx.skip = rule.skip();
    }
    tx.applyDisruptive(rule, rule.disruptive() == null ? Disruptive.PASS : rule.disruptive());
    if (rule.id() != 0) {
      tx.recordMatch(rule, matches);
    }
    return matches;
  }

  /** Tests one value; returns {@code matches} with its match added (a new list in place of NO_MATCHES). */
  private List<MatchedData> test(Rule rule, int chainLevel, boolean isParent, List<MatchedData> matches,
                                 int selectorIndex, Entry entry, String value) {
    VariableSelector selector = rule.variables().get(selectorIndex);
    boolean matched = rule.operator().matches(tx, value);
    if (rule.negated()) {
      matched = !matched;
    }
    if (!matched) {
      return matches;
    }
    String key;
    if (selector.count()) {
      key = selector.key() == null ? "" : selector.key();
      tx.matchVariable(rule.countMatchName(selectorIndex), rule.countMatchLowerName(selectorIndex), value);
    } else {
      key = entry.key();
      tx.matchVariable(entry.matchedName(selector.variable()), entry.matchedLowerName(selector.variable()), value);
    }
    String variableName = selector.variable().name();
    runPerMatchActions(rule);
    String message = "";
    String data = "";
    if (!isParent || rule.chained() == null) {
      message = expand(rule.msg());
      data = expand(rule.logData());
    }
    List<MatchedData> out = matches == NO_MATCHES ? new ArrayList<>(2) : matches;
    out.add(new MatchedData(variableName, key, value, message, data, chainLevel));
    return out;
  }

  private void runPerMatchActions(Rule rule) {
    // Indexed: an iterator per match was a tenth of the bytes a request allocates.
    List<PerMatchAction> actions = rule.perMatch();
    for (int i = 0, n = actions.size(); i < n; i++) {
      tx.run(actions.get(i));
    }
  }

  private String expand(io.meshward.waf.macros.MacroString macro) {
    return macro == null ? "" : macro.expand(tx);
  }

  private String transform(Rule rule, Entry entry) {
    Transformation[] steps = rule.transformations();
    if (steps.length == 0) {
      return entry.value();
    }
    int[] prefixIds = rule.transformationPrefixIds();
    int start = 0;
    String value = entry.value();
    for (int i = steps.length - 1; i >= 0; i--) {
      String cached = entry.transformed(prefixIds[i]);
      if (cached != null) {
        if (i == steps.length - 1) {
          return cached;
        }
        value = cached;
        start = i + 1;
        break;
      }
    }
    for (int i = start; i < steps.length; i++) {
      value = steps[i].apply(value);
      entry.rememberTransformed(prefixIds[i], value, ruleSet.transformationChains());
    }
    return value;
  }

  /**
   * The original value and each different value the transformations produce, in order; each step's result comes from
   * (and goes to) the value's transformation cache, like {@link #transform}'s.
   */
  private List<String> multiMatchValues(Rule rule, Entry entry) {
    Transformation[] steps = rule.transformations();
    int[] prefixIds = rule.transformationPrefixIds();
    List<String> values = new ArrayList<>(steps.length + 1);
    String value = entry.value();
    values.add(value);
    for (int i = 0; i < steps.length; i++) {
      String next = step(entry, steps, prefixIds, i, value);
      if (!next.equals(value)) {
        values.add(next);
      }
      value = next;
    }
    return values;
  }

  /** {@code steps[i]} applied to {@code value}, the entry's value after the steps before it; cached on the entry. */
  private String step(Entry entry, Transformation[] steps, int[] prefixIds, int i, String value) {
    String next = entry.transformed(prefixIds[i]);
    if (next == null) {
      next = steps[i].apply(value);
      entry.rememberTransformed(prefixIds[i], next, ruleSet.transformationChains());
    }
    return next;
  }
}
