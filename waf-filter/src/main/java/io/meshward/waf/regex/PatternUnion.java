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
  /**
   * Built when first scanned: a rule set has hundreds of unions, and those of rules that never run (above the
   * paranoia level, say) would cost load time and memory for nothing.
   */
  private volatile ByteDfa dfa;

  private PatternUnion(RegexNode root, int members) {
    this.root = root;
    this.members = members;
  }

  private PatternUnion(ByteDfa dfa, int members) {
    this.root = null;
    this.members = members;
    this.dfa = dfa;
  }

  /**
   * The union of {@code patterns}, or null when it cannot have an automaton (too large an NFA, or a member without
   * a DFA prefilter of its own: nothing sound could be said about it).
   */
  public static PatternUnion of(List<SafeRegex> patterns) {
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException("a union needs at least one pattern");
    }
    if (patterns.size() == 1) {
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
    RegexNode root = new RegexNode.Alternation(branches);
    if (!ByteDfa.fits(root, ByteDfa.Limits.UNION)) {
      return null;
    }
    return new PatternUnion(root, patterns.size());
  }

  /**
   * False when no member can match {@code input} (one char per byte); true when one may (including when the automaton
   * cannot decide within its bounds).
   */
  public boolean mayMatch(String input) {
    ByteDfa automaton = dfa;
    if (automaton == null) {
      automaton = build();
    }
    return automaton.scan(input) != ByteDfa.NO_MATCH;
  }

  private synchronized ByteDfa build() {
    if (dfa == null) {
      dfa = ByteDfa.build(root, ByteDfa.Limits.UNION);
    }
    return dfa;
  }

  public int members() {
    return members;
  }
}
