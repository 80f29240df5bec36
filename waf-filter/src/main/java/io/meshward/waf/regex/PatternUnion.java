package io.meshward.waf.regex;

import java.util.ArrayList;
import java.util.List;

/**
 * One automaton for several patterns that answers "none of them can match this input" with one table read per byte,
 * where asking each pattern would scan the input once per pattern. Rules that look for different patterns in the same
 * values (most of CRS's detection rules) use it to rule themselves out together.
 *
 * <p>It accepts every input on which any member's own DFA prefilter accepts (it is the automaton of the members'
 * alternation, widened the same way), so "no match" here implies "no match" from every member: sound, never a missed
 * match. Thread-safe; its lazily built states are shared by every transaction.
 */
public final class PatternUnion {
  private final RegexNode root;
  private final int members;
  private final ByteDfa.Limits limits;
  /**
   * Built when first scanned: a rule set has hundreds of unions, and those of rules that never run (above the
   * paranoia level, say) would cost load time and memory for nothing.
   */
  private volatile ByteDfa dfa;

  private PatternUnion(RegexNode root, int members, ByteDfa.Limits limits) {
    this.root = root;
    this.members = members;
    this.limits = limits;
  }

  private PatternUnion(ByteDfa dfa, int members) {
    this.root = null;
    this.members = members;
    this.limits = null;
    this.dfa = dfa;
  }

  /**
   * The union of {@code patterns}, or null when it cannot have an automaton (too large an NFA, or a member without
   * a DFA prefilter of its own: nothing sound could be said about it).
   */
  public static PatternUnion of(List<SafeRegex> patterns) {
    return of(patterns, ByteDfa.Limits.UNION, true);
  }

  /**
   * A union for finding matches in long texts ({@link #firstEnd}): its own automaton even for one pattern, with room
   * to build the transitions a long cold scan needs. Null as for {@link #of}.
   */
  public static PatternUnion forSearching(List<SafeRegex> patterns) {
    return of(patterns, ByteDfa.Limits.SEARCH, false);
  }

  private static PatternUnion of(List<SafeRegex> patterns, ByteDfa.Limits limits, boolean shareOwnAutomaton) {
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException("a union needs at least one pattern");
    }
    if (patterns.size() == 1 && shareOwnAutomaton) {
      // One pattern: its own automaton is the union.
      ByteDfa own = patterns.get(0).dfa();
      return own == null ? null : new PatternUnion(own, 1);
    }
    List<RegexNode> branches = new ArrayList<>(patterns.size());
    for (SafeRegex pattern : patterns) {
      if (!pattern.hasAutomaton()) {
        return null;
      }
      branches.add(new RegexNode.Group(pattern.root(), -1));
    }
    RegexNode root = branches.size() == 1 ? branches.get(0) : new RegexNode.Alternation(branches);
    if (!ByteDfa.fits(root, limits)) {
      return null;
    }
    return new PatternUnion(root, patterns.size(), limits);
  }

  /**
   * False when no member can match {@code input} (one char per byte); true when one may (including when the automaton
   * cannot decide within its bounds).
   */
  public boolean mayMatch(String input) {
    return automaton().scan(input) != ByteDfa.NO_MATCH;
  }

  private ByteDfa automaton() {
    ByteDfa automaton = dfa;
    return automaton != null ? automaton : build();
  }

  private synchronized ByteDfa build() {
    if (dfa == null) {
      dfa = ByteDfa.build(root, limits);
    }
    return dfa;
  }

  /**
   * Where the scan of {@code input} (bytes) from {@code from} first recognised a match of some member: just past the
   * match's last byte, or one further (see {@link ByteDfa#firstEnd}); -1 when no member matches at or after
   * {@code from}; -2 when the automaton cannot decide within its bounds (the caller must then look with the members'
   * own regexes).
   */
  public int firstEnd(byte[] input, int from) {
    return automaton().firstEnd(input, from);
  }

  public int members() {
    return members;
  }
}
