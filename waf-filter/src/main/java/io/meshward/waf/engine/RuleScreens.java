package io.meshward.waf.engine;

import io.meshward.waf.regex.NecessaryBytes;
import io.meshward.waf.regex.PatternUnion;
import io.meshward.waf.regex.SafeRegex;
import io.meshward.waf.rules.Rule;
import io.meshward.waf.rules.RuleSet;
import io.meshward.waf.rules.VariableSelector;
import io.meshward.waf.transformations.ByteFlow;
import io.meshward.waf.transformations.Transformation;
import io.meshward.waf.transformations.Transformations;
import io.meshward.waf.variables.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Screens: groups of rules that one scan per value can rule out together. Most CRS detection rules look for
 * a different pattern in the same values through the same transformations (REQUEST_COOKIES, ARGS_NAMES, ARGS, ...
 * after t:urlDecodeUni, say); on benign traffic none of them matches. A screen is one target selector, one
 * transformation pipeline and the union of the patterns of up to {@link #MAX_MEMBERS} rules that read that selector
 * through that pipeline ({@link PatternUnion}). A rule is ruled out when, for every one of its targets, the screen it
 * belongs to finds that no value can match any of its members: then evaluating the rule would not match, and a rule
 * that does not match has no effect at all.
 *
 * <p>Only rules whose operator has a {@link io.meshward.waf.operators.Operator#requiredPattern() required pattern}
 * or {@link io.meshward.waf.operators.Operator#requiredBytes() required bytes} (screens of their own, which scan
 * nothing: {@code @detectXSS} needs a {@code <} or a {@code =}, {@code @validateByteRange 1-255} a NUL), not
 * negated, on targets that rules do not write (TX, MATCHED_*, ...: those change between rules, so a screen's verdict
 * would rarely be reusable) and not counted ({@code &ARGS}) take part. Members of a screen are consecutive in rule order, so that an attack on one
 * pattern makes only its own screen's rules run in full, and only rules behind the same skips share a screen (see
 * {@link #of}), so that the rules of a paranoia level above the configured one do not share a screen with those that
 * run. {@code multiMatch} rules test the untransformed and every intermediate value too, so they have screens of
 * their own that scan all of those.
 *
 * <p>Before any scan, a screen asks the untransformed value whether it holds a <em>trigger</em>: a byte that the
 * transformations could turn into one of the bytes some member needs ({@link NecessaryBytes}, {@link ByteFlow}).
 * A value with none cannot match, and is ruled out without being transformed: most benign words and numbers hold
 * no {@code <}, {@code '}, {@code (} or {@code %}. Rules whose needed bytes are all rare (no letter, digit or space)
 * get screens of their own, so that the rules that need a letter do not spoil their triggers. Immutable; built once
 * per rule set.
 */
final class RuleScreens {
  /** Most rules in one screen: more members make a larger automaton and make more rules run when one may match. */
  static final int MAX_MEMBERS = 64;

  /** Variables rules write or that change by themselves while a transaction runs. */
  private static final Set<Variable> VOLATILE = EnumSet.of(Variable.TX, Variable.MATCHED_VAR,
      Variable.MATCHED_VAR_NAME, Variable.MATCHED_VARS, Variable.MATCHED_VARS_NAMES, Variable.ENV, Variable.RULE,
      Variable.IP, Variable.GLOBAL, Variable.SESSION, Variable.USER, Variable.RESOURCE, Variable.HIGHEST_SEVERITY,
      Variable.ARGS_COMBINED_SIZE, Variable.DURATION, Variable.TIME, Variable.TIME_DAY, Variable.TIME_EPOCH,
      Variable.TIME_HOUR, Variable.TIME_MIN, Variable.TIME_MON, Variable.TIME_SEC, Variable.TIME_WDAY,
      Variable.TIME_YEAR, Variable.UNIQUE_ID);

  /**
   * One screen.
   *
   * @param selector the target selector its values come from
   * @param slot the selector's slot (see {@link Rule#selectorSlots()})
   * @param transforms a member rule: its transformations are every member's
   * @param multiMatch whether the members are {@code multiMatch} rules: then every value the pipeline passes through
   *     is scanned, not only its result
   * @param union the members' patterns; null when the members' operators have no pattern, only required bytes
   *     ({@link io.meshward.waf.operators.Operator#requiredBytes()}: {@code @detectXSS}, {@code @validateByteRange}),
   *     so that a value which holds one of {@code needed} after the transformations may match
   * @param triggers the bytes (four 64-bit words) an untransformed value must hold for any member to match, or null
   *     when every value must be scanned
   * @param needed the bytes a transformed value must hold for any member to match it (some byte every match of
   *     that member holds, for every member), or null when some member needs none: checked before the scan, since
   *     a value that held a trigger often loses it to the transformations ({@code %} that decodes to a letter)
   * @param splitAt for a multiMatch pipeline with a decoding step that can make any byte of any byte
   *     ({@code t:base64Decode}), that step's index; -1 otherwise. Past it, the untransformed value's bytes prove
   *     nothing ({@code triggers} then holds every letter), but the decoded value's do: see the next two
   * @param triggersBefore with {@code splitAt}: the bytes the untransformed value must hold for a member to match
   *     it or one of the values before the decoding step
   * @param triggersAfter with {@code splitAt}: the bytes the decoded value must hold for a member to match it or
   *     one of the values after it; null when that cannot be told
   */
  record Screen(VariableSelector selector, int slot, Rule transforms, boolean multiMatch, PatternUnion union,
                long[] triggers, long[] needed, int splitAt, long[] triggersBefore, long[] triggersAfter) {}

  private final Screen[] screens;
  /** Per phase, per position in {@link RuleSet#phase(int)}: the screens that can rule the rule out, or null. */
  private final int[][][] byPhase;

  private RuleScreens(List<Screen> screens, int[][][] byPhase) {
    this.screens = screens.toArray(new Screen[0]);
    this.byPhase = byPhase;
  }

  /** No screens: every rule is evaluated in full. */
  static RuleScreens none(RuleSet ruleSet) {
    int[][][] byPhase = new int[6][][];
    for (int phase = 1; phase <= 5; phase++) {
      byPhase[phase] = new int[ruleSet.phase(phase).size()][];
    }
    return new RuleScreens(List.of(), byPhase);
  }

  /** A rule in a screen; {@code pattern} is null for an operator with required bytes only. */
  private record Member(int phase, int position, Rule rule, SafeRegex pattern, long[] necessary) {
    long ruleKey() {
      return key(phase, position);
    }
  }

  private record Chunk(List<Member> members, PatternUnion union) {}

  static RuleScreens of(RuleSet ruleSet) {
    record Key(int slot, int pipeline, boolean multiMatch, boolean rare, boolean scanned, List<String> guards) {}
    Map<Key, List<Member>> candidates = new LinkedHashMap<>();
    for (int phase = 1; phase <= 5; phase++) {
      List<Rule> rules = ruleSet.phase(phase);
      // The skips a rule is behind: rules behind the same skips run together or not at all (CRS skips whole
      // paranoia levels, one skip per level in every file). Screens never mix rules behind different skips, so that
      // a screen's verdict is not spoilt by the patterns of rules that were skipped.
      List<String> guards = new ArrayList<>();
      for (int position = 0; position < rules.size(); position++) {
        Rule rule = rules.get(position);
        if (rule.isMarker()) {
          guards = new ArrayList<>();
        } else if (rule.skipAfter() != null || rule.skip() > 0) {
          guards = new ArrayList<>(guards);
          guards.add(condition(rule));
        }
        if (!screenable(rule)) {
          continue;
        }
        SafeRegex pattern = rule.operator().requiredPattern();
        long[] necessary = pattern != null ? NecessaryBytes.of(pattern) : rule.operator().requiredBytes();
        boolean rare = necessary != null && NecessaryBytes.isRare(necessary);
        for (int slot : rule.selectorSlots()) {
          candidates.computeIfAbsent(new Key(slot, pipeline(rule), rule.multiMatch(), rare, pattern != null, guards),
              k -> new ArrayList<>()).add(new Member(phase, position, rule, pattern, necessary));
        }
      }
    }

    List<Screen> screens = new ArrayList<>();
    Map<Integer, ByteFlow> flows = new HashMap<>();
    // Per rule (by phase and position), the screens it belongs to; a rule that some screen could not take is out.
    Map<Long, List<Integer>> screensOfRule = new LinkedHashMap<>();
    Set<Long> unscreened = new HashSet<>();
    for (Map.Entry<Key, List<Member>> entry : candidates.entrySet()) {
      List<Member> members = entry.getValue();
      for (int from = 0; from < members.size(); from += MAX_MEMBERS) {
        List<Chunk> chunks = new ArrayList<>();
        split(members.subList(from, Math.min(members.size(), from + MAX_MEMBERS)), chunks, unscreened);
        for (Chunk chunk : chunks) {
          Member first = chunk.members().get(0);
          VariableSelector selector = selectorOf(first.rule(), entry.getKey().slot());
          int id = screens.size();
          boolean multiMatch = entry.getKey().multiMatch();
          long[] needed = needed(chunk.members());
          Rule pipeline = first.rule();
          // Composing flows is the costly part of building screens: none when no member needs a byte we can name.
          ByteFlow[] prefixFlows = needed == null ? new ByteFlow[0] : prefixFlows(pipeline, flows);
          int splitAt = multiMatch ? splitOf(needed, pipeline) : -1;
          screens.add(new Screen(selector, entry.getKey().slot(), pipeline, multiMatch, chunk.union(),
              triggers(needed, prefixFlows, multiMatch), needed, splitAt,
              splitAt < 0 ? null : triggers(needed, Arrays.copyOf(prefixFlows, splitAt), true),
              splitAt < 0 ? null : triggers(needed, flowsFrom(pipeline.transformations(), splitAt + 1), true)));
          for (Member member : chunk.members()) {
            screensOfRule.computeIfAbsent(member.ruleKey(), k -> new ArrayList<>()).add(id);
          }
        }
      }
    }

    int[][][] byPhase = new int[6][][];
    for (int phase = 1; phase <= 5; phase++) {
      byPhase[phase] = new int[ruleSet.phase(phase).size()][];
    }
    screensOfRule.forEach((ruleKey, ids) -> {
      if (!unscreened.contains(ruleKey)) {
        byPhase[(int) (ruleKey >>> 32)][(int) (long) ruleKey] = ids.stream().mapToInt(Integer::intValue).toArray();
      }
    });
    return new RuleScreens(screens, byPhase);
  }

  /** Every byte some member needs, or null when some member needs none we can name. */
  private static long[] needed(List<Member> members) {
    long[] needed = new long[4];
    for (Member member : members) {
      if (member.necessary() == null) {
        return null;
      }
      for (int w = 0; w < 4; w++) {
        needed[w] |= member.necessary()[w];
      }
    }
    return needed;
  }

  /**
   * The bytes a value must hold for some member to match it after the steps whose flows ({@code flows[i]}: through
   * the first i + 1 of them) are given, or, with {@code everyStep} (multiMatch), the value itself or after any of
   * those steps; null when some member needs no byte we can name or a flow is opaque.
   */
  private static long[] triggers(long[] needed, ByteFlow[] flows, boolean everyStep) {
    if (needed == null) {
      return null;
    }
    long[] triggers = everyStep || flows.length == 0 ? needed.clone() : new long[4];
    for (int i = 0; i < flows.length; i++) {
      if (everyStep || i == flows.length - 1) {
        long[] sources = flows[i].sourcesOf(needed);
        if (sources == null) {
          return null;
        }
        for (int w = 0; w < 4; w++) {
          triggers[w] |= sources[w];
        }
      }
    }
    return triggers;
  }

  /** Per step of the pipeline, the flow through it and the steps before it; shared by prefix id across screens. */
  private static ByteFlow[] prefixFlows(Rule pipeline, Map<Integer, ByteFlow> flows) {
    Transformation[] steps = pipeline.transformations();
    int[] prefixIds = pipeline.transformationPrefixIds();
    ByteFlow[] prefixFlows = new ByteFlow[steps.length];
    ByteFlow flow = ByteFlow.IDENTITY;
    for (int i = 0; i < steps.length; i++) {
      Transformation step = steps[i];
      ByteFlow before = flow;
      flow = flows.computeIfAbsent(prefixIds[i], id -> before.then(Transformations.flowOf(step)));
      prefixFlows[i] = flow;
    }
    return prefixFlows;
  }

  /** Per step from {@code steps[from]} on, the flow through it and the steps between {@code from} and it. */
  private static ByteFlow[] flowsFrom(Transformation[] steps, int from) {
    ByteFlow[] suffixFlows = new ByteFlow[steps.length - from];
    ByteFlow flow = ByteFlow.IDENTITY;
    for (int i = from; i < steps.length; i++) {
      flow = flow.then(Transformations.flowOf(steps[i]));
      suffixFlows[i - from] = flow;
    }
    return suffixFlows;
  }

  /**
   * The first step of the pipeline that can turn any byte into any byte (a decoder such as base64Decode), or -1:
   * none, some member needs no byte we can name, or a step before it is opaque.
   */
  private static int splitOf(long[] needed, Rule pipeline) {
    if (needed == null) {
      return -1;
    }
    Transformation[] steps = pipeline.transformations();
    for (int i = 0; i < steps.length; i++) {
      long[] sources = Transformations.flowOf(steps[i]).sourcesOf(needed);
      if (sources == null) {
        return -1;
      }
      if ((sources[0] & sources[1] & sources[2] & sources[3]) == -1L) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Splits {@code members} into chunks whose union has an automaton (halving until it does); a member that has none
   * even alone goes to {@code unscreened}.
   */
  private static void split(List<Member> members, List<Chunk> out, Set<Long> unscreened) {
    if (members.get(0).pattern() == null) {
      out.add(new Chunk(List.copyOf(members), null)); // operators with required bytes only: nothing to scan
      return;
    }
    PatternUnion union = PatternUnion.of(members.stream().map(Member::pattern).toList());
    if (union != null) {
      out.add(new Chunk(List.copyOf(members), union));
    } else if (members.size() == 1) {
      unscreened.add(members.get(0).ruleKey());
    } else {
      int half = members.size() / 2;
      split(members.subList(0, half), out, unscreened);
      split(members.subList(half, members.size()), out, unscreened);
    }
  }

  private static boolean screenable(Rule rule) {
    if (rule.isMarker() || rule.operator() == null || rule.negated() || rule.variables().isEmpty()
        || rule.operator().requiredPattern() == null && rule.operator().requiredBytes() == null) {
      return false;
    }
    for (VariableSelector selector : rule.variables()) {
      if (selector.count() || VOLATILE.contains(selector.variable())) {
        return false;
      }
    }
    return true;
  }

  /** What a skipping rule tests, as written: equal texts skip alike. */
  private static String condition(Rule rule) {
    return rule.variables() + (rule.negated() ? " !@" : " @") + rule.operatorName() + " " + rule.operatorArgument()
        + " " + String.join(",", rule.transformationNames());
  }

  /** The transformation pipeline's id: rules with equal ids transform every value alike. */
  private static int pipeline(Rule rule) {
    int[] prefixes = rule.transformationPrefixIds();
    return prefixes.length == 0 ? -1 : prefixes[prefixes.length - 1];
  }

  private static VariableSelector selectorOf(Rule rule, int slot) {
    int[] slots = rule.selectorSlots();
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] == slot) {
        return rule.variables().get(i);
      }
    }
    throw new IllegalStateException("rule " + rule.id() + " has no selector in slot " + slot);
  }

  private static long key(int phase, int position) {
    return ((long) phase << 32) | position;
  }

  /** The screens that can rule out the rule at {@code position} of {@code phase}, or null when none can. */
  int[] of(int phase, int position) {
    return byPhase[phase][position];
  }

  Screen screen(int id) {
    return screens[id];
  }

  int size() {
    return screens.length;
  }
}
