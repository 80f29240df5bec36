package io.meshward.waf.regex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A PCRE pattern compiled for byte strings (one char per byte, 0-255) with a time guarantee: no evaluation takes
 * unbounded time, whatever the input.
 *
 * <p>Semantics are PCRE2's as libmodsecurity uses them for {@code @rx}: no UTF mode, {@code DOTALL | MULTILINE},
 * ASCII-only {@code \w \d \s \b} and case folding, {@code \s} including VT. See {@link PatternTranslator}.
 *
 * <p>Evaluation: java.util.regex runs first (fast on typical inputs) on an input wrapper that counts character reads
 * and aborts past a {@link RegexBudget} (a step count proportional to the input length, capped, plus a time cap).
 * A {@link StackOverflowError} inside java.util.regex (deep recursion on long inputs) counts as exceeding the budget.
 * Then RE2/J, which runs in time linear in the input, gives the definitive answer; the two engines are given
 * equivalent patterns (tested over the CRS rules and regression payloads). When RE2/J cannot express the pattern
 * (lookaround, backreferences, possessive quantifiers, atomic groups, {@code \Z}, {@code \G}; none of CRS v4 uses
 * them), the result is {@link Outcome#UNDECIDED}: callers treat it as no match and report it (ModSecurity sets
 * {@code MSC_PCRE_LIMITS_EXCEEDED} in the same case).
 *
 * <p>Instances are immutable and thread-safe; each thread reuses its own matcher per pattern.
 */
public final class SafeRegex {
  private final String source;
  /** The parsed pattern, kept so that patterns can be combined into one automaton ({@link PatternUnion}). */
  private final RegexNode root;
  private final PatternTranslator.JavaTranslation translation;
  private final Prefilter prefilter;
  /** See {@link #wholeInputFrom(RegexNode)}. */
  private final int wholeInputFrom;
  /** The DFA prefilter, or null (none asked for, or the pattern is too large). */
  private final ByteDfa dfa;
  /** Whether the DFA is exact: its acceptance is a match, so that an evaluation without captures can stop there. */
  private final boolean dfaDecidesMatches;
  private final java.util.regex.Pattern javaPattern;
  /** The RE2/J fallback, compiled when first needed (null until then): few patterns ever need it. */
  private volatile Re2 re2;
  private final RegexBudget budget;
  private final long maxNanos;
  private final ThreadLocal<State> state;
  private final LongAdder fallbacks = new LongAdder();
  private final LongAdder undecided = new LongAdder();

  /** The result of an evaluation. */
  public enum Outcome {
    MATCH,
    NO_MATCH,
    /** The step budget was exceeded and RE2/J cannot run this pattern: treat as no match, report it. */
    UNDECIDED
  }

  /**
   * A match with its capture groups.
   *
   * @param outcome the outcome
   * @param groups group 0 (the whole match) and the capture groups, as many as asked for; a group that did not take
   *     part in the match is the empty string (as in Coraza). Empty unless {@code outcome} is MATCH.
   * @param decidedByFallback whether RE2/J (or a bounded re-check) gave the answer because java.util.regex exceeded
   *     its budget
   */
  public record Match(Outcome outcome, List<String> groups, boolean decidedByFallback) {
    public boolean matched() {
      return outcome == Outcome.MATCH;
    }
  }

  private static final Match NO_MATCH = new Match(Outcome.NO_MATCH, List.of(), false);
  private static final Match MATCH_ONLY = new Match(Outcome.MATCH, List.of(), false);

  private static final class State {
    final BudgetedInput input = new BudgetedInput();
    final java.util.regex.Matcher matcher;

    State(java.util.regex.Pattern pattern) {
      matcher = pattern.matcher(input);
    }
  }

  /** Which checks run before the regex engines. */
  enum Prefilters {
    /** None: every evaluation runs a regex engine (for tests and measurements). */
    NONE,
    /** The literal prefilter only (minimum length, required strings), as before the DFA. */
    LITERALS,
    /** Minimum length, then the DFA; the literal sets only where the DFA is missing or partial. */
    DFA
  }

  private SafeRegex(String source, PcreParser.Parsed parsed, RegexBudget budget, Prefilters prefilters)
      throws RegexSyntaxException {
    this.source = source;
    this.root = parsed.root();
    this.translation = PatternTranslator.translateForJava(parsed);
    ByteDfa automaton = prefilters == Prefilters.DFA ? ByteDfa.build(parsed.root(), ByteDfa.Limits.DEFAULT) : null;
    this.dfa = automaton;
    this.dfaDecidesMatches = automaton != null && automaton.exact();
    if (prefilters == Prefilters.NONE) {
      this.prefilter = Prefilter.NONE;
    } else if (automaton != null) {
      // The DFA rejects everything the literal sets would; it answers "unknown" so rarely (a char above 0xFF, a cold
      // lazy automaton) that the literal sets are not worth building for those evaluations.
      this.prefilter = Prefilter.minLengthOnly(parsed.root());
    } else {
      this.prefilter = Prefilter.of(parsed.root());
    }
    this.budget = budget;
    this.maxNanos = budget.maxTime().toNanos();
    try {
      this.javaPattern = java.util.regex.Pattern.compile(translation.java(), PatternTranslator.JAVA_FLAGS);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new RegexSyntaxException("java.util.regex rejects the translation: " + e.getDescription(), source, -1);
    }
    java.util.regex.Pattern compiled = javaPattern;
    this.state = ThreadLocal.withInitial(() -> new State(compiled));
    this.wholeInputFrom = wholeInputFrom(parsed.root());
  }

  /**
   * For a pattern that matches every input of some minimum length as a whole ({@code ^.*$}, {@code ^.+$}: CRS
   * captures each request header name that way, in every request), that length (0 or 1); -1 for any other pattern.
   * Under the reference engines' flags {@code .} takes every byte, newlines included, and {@code $} holds at the
   * end, so the match is the input itself, whatever it holds.
   */
  private static int wholeInputFrom(RegexNode root) {
    if (!(root instanceof RegexNode.Concat concat) || concat.items().size() != 3) {
      return -1;
    }
    List<RegexNode> items = concat.items();
    boolean startAnchored = items.get(0) instanceof RegexNode.Assertion start
        && (start.kind() == RegexNode.Assertion.Kind.LINE_START
            || start.kind() == RegexNode.Assertion.Kind.INPUT_START);
    boolean endAnchored = items.get(2) instanceof RegexNode.Assertion end
        && (end.kind() == RegexNode.Assertion.Kind.LINE_END || end.kind() == RegexNode.Assertion.Kind.INPUT_END
            || end.kind() == RegexNode.Assertion.Kind.INPUT_END_OR_FINAL_NEWLINE);
    boolean anyByteRun = items.get(1) instanceof RegexNode.Repeat repeat
        && repeat.max() == -1 && repeat.min() <= 1 && repeat.mode() != RegexNode.Repeat.Mode.LAZY
        && repeat.body() instanceof RegexNode.CharClass any && any.set().size() == 256;
    return startAnchored && endAnchored && anyByteRun ? ((RegexNode.Repeat) items.get(1)).min() : -1;
  }

  /** Compiles a PCRE pattern with the default budget. */
  public static SafeRegex compile(String pattern) throws RegexSyntaxException {
    return compile(pattern, RegexBudget.DEFAULT);
  }

  public static SafeRegex compile(String pattern, RegexBudget budget) throws RegexSyntaxException {
    return new SafeRegex(pattern, PcreParser.parse(pattern), budget, Prefilters.DFA);
  }

  /** Without any prefilter: every evaluation runs a regex engine (for tests and measurements). */
  static SafeRegex compileWithoutPrefilter(String pattern, RegexBudget budget) throws RegexSyntaxException {
    return new SafeRegex(pattern, PcreParser.parse(pattern), budget, Prefilters.NONE);
  }

  /** With the literal prefilter and no DFA, as before the DFA (for tests and measurements). */
  static SafeRegex compileWithoutDfa(String pattern, RegexBudget budget) throws RegexSyntaxException {
    return new SafeRegex(pattern, PcreParser.parse(pattern), budget, Prefilters.LITERALS);
  }

  RegexNode root() {
    return root;
  }

  /** The pattern as written. */
  public String pattern() {
    return source;
  }

  /**
   * A java.util.regex matcher of the translated pattern, with no step budget: for callers that bound the work
   * themselves (a short region of a text, and a pattern checked for nested unbounded repetition: see
   * {@link PatternShape}).
   */
  public java.util.regex.Matcher unbudgetedMatcher(CharSequence input) {
    return javaPattern.matcher(input);
  }

  /** The java.util.regex pattern it runs first. */
  public String javaPattern() {
    return translation.java();
  }

  /** The RE2/J pattern it falls back to, or null. */
  public String re2Pattern() {
    Re2 fallback = re2();
    return fallback.pattern() == null ? null : fallback.translation().re2();
  }

  /** Why there is no RE2/J fallback, or null when there is one. */
  public String re2Unsupported() {
    return re2().unsupported();
  }

  public int groupCount() {
    return translation.groupCount();
  }

  /** Whether the pattern matches somewhere in {@code input}. */
  public Outcome find(String input) {
    return match(input, -1).outcome();
  }

  /**
   * Finds the first (leftmost, PCRE-priority) match and returns group 0 and groups 1 to {@code maxGroup} (fewer
   * when the pattern has fewer groups). {@code maxGroup} 0 asks for the match only; -1 for nothing but the outcome.
   */
  public Match match(String input, int maxGroup) {
    if (input.length() < prefilter.minLength()) {
      return NO_MATCH;
    }
    if (wholeInputFrom >= 0 && isBytes(input)) {
      return input.length() < wholeInputFrom ? NO_MATCH
          : maxGroup < 0 ? MATCH_ONLY : new Match(Outcome.MATCH, List.of(input), false);
    }
    if (dfa != null) {
      switch (dfa.scan(input)) {
        case ByteDfa.NO_MATCH:
          return NO_MATCH;
        case ByteDfa.MATCH:
          if (maxGroup < 0 && dfaDecidesMatches) {
            return MATCH_ONLY;
          }
          break;
        default: // unknown: a char above 0xFF, or more transitions to build than one scan may
          break;
      }
    } else if (!prefilter.mayMatch(input)) {
      return NO_MATCH;
    }
    try {
      return javaMatch(input, maxGroup, budget.stepsFor(input.length()), maxNanos);
    } catch (BudgetedInput.BudgetExceeded | StackOverflowError e) {
      fallbacks.increment();
      Match result = re2Match(input, maxGroup);
      if (result.outcome() == Outcome.UNDECIDED) {
        undecided.increment();
      }
      return result;
    }
  }

  /** Whether every char of {@code input} is a byte (0-0xFF), as the inputs the engine builds always are. */
  private static boolean isBytes(String input) {
    for (int i = 0, n = input.length(); i < n; i++) {
      if (input.charAt(i) > 0xFF) {
        return false;
      }
    }
    return true;
  }

  /** The checks before the regex engines (minimum length, DFA, literal sets): false when the pattern cannot match. */
  boolean prefilterMayMatch(String input) {
    if (input.length() < prefilter.minLength()) {
      return false;
    }
    if (dfa != null) {
      return dfa.scan(input) != ByteDfa.NO_MATCH;
    }
    return prefilter.mayMatch(input);
  }

  boolean hasAutomaton() {
    return dfa != null;
  }

  /** The DFA, or null when there is none. */
  ByteDfa dfa() {
    return dfa;
  }

  /**
   * java.util.regex alone, within {@code steps} character reads and {@code nanos}.
   *
   * @throws BudgetedInput.BudgetExceeded when the budget is spent
   * @throws StackOverflowError when java.util.regex recursed too deep
   */
  Match javaMatch(String input, int maxGroup, long steps, long nanos) {
    State s = state.get();
    BudgetedInput in = s.input;
    java.util.regex.Matcher m = s.matcher;
    in.reset(input, steps, nanos);
    try {
      m.reset(in);
      if (!javaFind(m, input)) {
        return NO_MATCH;
      }
      return maxGroup < 0 ? MATCH_ONLY : new Match(Outcome.MATCH, groups(m, input, maxGroup), false);
    } finally {
      in.clear();
      m.reset(in);
    }
  }

  private List<String> groups(java.util.regex.Matcher m, String input, int maxGroup) {
    if (maxGroup < 0) {
      return List.of();
    }
    int last = Math.min(maxGroup, translation.groupCount());
    List<String> groups = new ArrayList<>(last + 1);
    for (int g = 0; g <= last; g++) {
      int start = m.start(g);
      groups.add(start < 0 ? "" : input.substring(start, m.end(g)));
    }
    return Collections.unmodifiableList(groups);
  }

  /**
   * {@code Matcher.find()}, except that a pattern anchored at line starts is only tried there: java.util.regex
   * would otherwise try (and fail) at every offset, which costs more than the match itself on short inputs.
   */
  private boolean javaFind(java.util.regex.Matcher m, String input) {
    switch (translation.anchor()) {
      case NONE:
        return m.find();
      case INPUT_START:
        return m.lookingAt();
      default:
        break;
    }
    int length = input.length();
    m.useAnchoringBounds(false);
    m.useTransparentBounds(true);
    int from = 0;
    while (true) {
      m.region(from, length);
      if (m.lookingAt()) {
        return true;
      }
      int newline = input.indexOf('\n', from);
      if (newline < 0 || newline + 1 >= length) {
        return false; // PCRE's ^ does not match after a final newline
      }
      from = newline + 1;
    }
  }

  /**
   * RE2/J alone (linear time), corrected where RE2's {@code ^} differs from PCRE's; UNDECIDED when RE2/J cannot run
   * the pattern or the correction cannot be made.
   */
  Match re2Match(String input, int maxGroup) {
    Re2 fallback = re2();
    com.google.re2j.Pattern re2Pattern = fallback.pattern();
    if (re2Pattern == null) {
      return new Match(Outcome.UNDECIDED, List.of(), true);
    }
    com.google.re2j.Matcher m = re2Pattern.matcher(input);
    if (!m.find()) {
      return new Match(Outcome.NO_MATCH, List.of(), true);
    }
    int length = input.length();
    PatternTranslator.LineStartCaveat caveat = fallback.translation().re2LineStartCaveat();
    if (caveat != PatternTranslator.LineStartCaveat.NONE
        && m.end() == length
        && length > 0
        && input.charAt(length - 1) == '\n') {
      // RE2's ^ may have matched at the very end, after the final newline, where PCRE's does not.
      if (caveat == PatternTranslator.LineStartCaveat.MATCH_AT_END) {
        return new Match(Outcome.UNDECIDED, List.of(), true);
      }
      if (m.start() == length) {
        // RE2 found nothing earlier, so neither would PCRE; whether PCRE matches at the end itself is decided by
        // java.util.regex in a few steps (no input is left to backtrack over).
        return matchAtEnd(input, maxGroup);
      }
      // Otherwise the match started earlier, and every ^ that could disagree is tested only where a match starts.
    }
    if (maxGroup < 0) {
      return new Match(Outcome.MATCH, List.of(), true);
    }
    int last = Math.min(maxGroup, translation.groupCount());
    List<String> groups = new ArrayList<>(last + 1);
    for (int g = 0; g <= last; g++) {
      String group = m.group(g);
      groups.add(group == null ? "" : group);
    }
    return new Match(Outcome.MATCH, Collections.unmodifiableList(groups), true);
  }

  private Match matchAtEnd(String input, int maxGroup) {
    BudgetedInput in = new BudgetedInput();
    in.reset(input, budget.baseSteps(), maxNanos);
    java.util.regex.Matcher m = javaPattern.matcher(in);
    try {
      if (!m.find(input.length())) {
        return new Match(Outcome.NO_MATCH, List.of(), true);
      }
      return new Match(Outcome.MATCH, groups(m, input, maxGroup), true);
    } catch (BudgetedInput.BudgetExceeded | StackOverflowError e) {
      return new Match(Outcome.UNDECIDED, List.of(), true);
    }
  }

  /** Evaluations of this pattern, since it was compiled, that exceeded the java.util.regex budget. */
  public long fallbackCount() {
    return fallbacks.sum();
  }

  /** Evaluations of this pattern, since it was compiled, that could not be decided. */
  public long undecidedCount() {
    return undecided.sum();
  }

  /** The RE2/J translation, its compiled pattern, or why there is none. */
  private record Re2(PatternTranslator.Translation translation, com.google.re2j.Pattern pattern, String unsupported) {}

  /**
   * The RE2/J fallback, translated and compiled on first use: it costs more than everything else in loading the CRS
   * (RE2/J's parser is slow on long patterns), and most patterns never need their fallback. Two threads may both
   * build it; either result serves.
   */
  private Re2 re2() {
    Re2 compiled = re2;
    if (compiled == null) {
      PatternTranslator.Translation full;
      try {
        full = PatternTranslator.translate(PcreParser.parse(source));
      } catch (RegexSyntaxException e) {
        throw new IllegalStateException("the pattern parsed before", e);
      }
      String unsupported = full.re2Unsupported();
      com.google.re2j.Pattern pattern = null;
      if (full.re2() != null) {
        try {
          pattern = com.google.re2j.Pattern.compile(full.re2(), PatternTranslator.RE2_FLAGS);
        } catch (com.google.re2j.PatternSyntaxException e) {
          unsupported = "RE2/J rejects the translation: " + e.getMessage();
        }
      }
      compiled = new Re2(full, pattern, unsupported);
      re2 = compiled;
    }
    return compiled;
  }

  @Override
  public String toString() {
    return source;
  }
}
