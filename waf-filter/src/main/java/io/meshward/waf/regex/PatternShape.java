package io.meshward.waf.regex;

/**
 * Facts about a pattern's structure that decide whether it can be searched for in long texts with bounded work: the
 * longest text it can match, and the constructs that make a backtracking engine slow or a DFA inexact.
 *
 * @param maxLength the most bytes one match can span, or -1 when unbounded
 * @param nestedUnboundedRepeat an unbounded repetition inside another ({@code (a+)*}): catastrophic backtracking
 * @param backReference a back reference
 * @param lookaround a lookahead or lookbehind
 * @param leadingAnchor an assertion before the first byte that depends on where the text starts ({@code ^},
 *     {@code \A}, {@code \B}, {@code \G}): a search that resumes mid-text would misjudge it
 */
public record PatternShape(int maxLength, boolean nestedUnboundedRepeat, boolean backReference, boolean lookaround,
                           boolean leadingAnchor, boolean[] lastBytes) {

  public static PatternShape of(SafeRegex pattern) {
    RegexNode root = pattern.root();
    Walk walk = new Walk();
    walk.visit(root, 0);
    long max = maxLength(root);
    boolean[] last = new boolean[256];
    lastBytes(root, last);
    return new PatternShape(max < 0 || max > Integer.MAX_VALUE ? -1 : (int) max, walk.nested, walk.backReference,
        walk.lookaround, leadingAnchor(root), last);
  }

  /** Whether a match can end with byte {@code b} (its last byte); a copy-free read of {@link #lastBytes}. */
  public boolean canEndWith(int b) {
    return lastBytes[b & 0xFF];
  }

  /** Adds the bytes a match of {@code node} can end with to {@code out}; returns whether it can match empty text. */
  private static boolean lastBytes(RegexNode node, boolean[] out) {
    if (node instanceof RegexNode.Literal l) {
      out[l.value() & 0xFF] = true;
      int lower = l.value() | 0x20;
      if (l.caseless() && lower >= 'a' && lower <= 'z') {
        out[lower] = true;
        out[lower & ~0x20] = true;
      }
      return false;
    }
    if (node instanceof RegexNode.CharClass c) {
      for (int b = 0; b < 256; b++) {
        if (c.set().contains(b)) {
          out[b] = true;
        }
      }
      return false;
    }
    if (node instanceof RegexNode.Assertion || node instanceof RegexNode.Look) {
      return true;
    }
    if (node instanceof RegexNode.BackReference) {
      java.util.Arrays.fill(out, true);
      return true;
    }
    if (node instanceof RegexNode.Group g) {
      return lastBytes(g.body(), out);
    }
    if (node instanceof RegexNode.Atomic a) {
      return lastBytes(a.body(), out);
    }
    if (node instanceof RegexNode.Repeat r) {
      boolean empty = lastBytes(r.body(), out);
      return empty || r.min() == 0;
    }
    if (node instanceof RegexNode.Concat c) {
      for (int i = c.items().size() - 1; i >= 0; i--) {
        if (!lastBytes(c.items().get(i), out)) {
          return false;
        }
      }
      return true;
    }
    boolean empty = false;
    for (RegexNode branch : ((RegexNode.Alternation) node).branches()) {
      empty |= lastBytes(branch, out);
    }
    return empty;
  }

  private static final class Walk {
    boolean nested;
    boolean backReference;
    boolean lookaround;

    void visit(RegexNode node, int unboundedDepth) {
      if (node instanceof RegexNode.Repeat r) {
        boolean unbounded = r.max() < 0;
        if (unbounded && unboundedDepth > 0 && maxLength(r.body()) != 0) {
          nested = true;
        }
        visit(r.body(), unboundedDepth + (unbounded ? 1 : 0));
      } else if (node instanceof RegexNode.Concat c) {
        c.items().forEach(item -> visit(item, unboundedDepth));
      } else if (node instanceof RegexNode.Alternation a) {
        a.branches().forEach(branch -> visit(branch, unboundedDepth));
      } else if (node instanceof RegexNode.Group g) {
        visit(g.body(), unboundedDepth);
      } else if (node instanceof RegexNode.Atomic a) {
        visit(a.body(), unboundedDepth);
      } else if (node instanceof RegexNode.Look l) {
        lookaround = true;
        visit(l.body(), unboundedDepth);
      } else if (node instanceof RegexNode.BackReference) {
        backReference = true;
      }
    }
  }

  /** The longest match in bytes; -1 when unbounded. */
  private static long maxLength(RegexNode node) {
    if (node instanceof RegexNode.Literal || node instanceof RegexNode.CharClass) {
      return 1;
    }
    if (node instanceof RegexNode.Assertion || node instanceof RegexNode.Look) {
      return 0;
    }
    if (node instanceof RegexNode.BackReference) {
      return -1;
    }
    if (node instanceof RegexNode.Group g) {
      return maxLength(g.body());
    }
    if (node instanceof RegexNode.Atomic a) {
      return maxLength(a.body());
    }
    if (node instanceof RegexNode.Repeat r) {
      long body = maxLength(r.body());
      if (body == 0) {
        return 0;
      }
      return body < 0 || r.max() < 0 ? -1 : body * r.max();
    }
    if (node instanceof RegexNode.Concat c) {
      long sum = 0;
      for (RegexNode item : c.items()) {
        long length = maxLength(item);
        if (length < 0) {
          return -1;
        }
        sum += length;
      }
      return sum;
    }
    RegexNode.Alternation a = (RegexNode.Alternation) node;
    long most = 0;
    for (RegexNode branch : a.branches()) {
      long length = maxLength(branch);
      if (length < 0) {
        return -1;
      }
      most = Math.max(most, length);
    }
    return most;
  }

  /** Whether a start-dependent assertion can come before the first byte of a match. */
  private static boolean leadingAnchor(RegexNode node) {
    if (node instanceof RegexNode.Assertion a) {
      return a.kind() == RegexNode.Assertion.Kind.INPUT_START || a.kind() == RegexNode.Assertion.Kind.LINE_START
          || a.kind() == RegexNode.Assertion.Kind.NOT_WORD_BOUNDARY || a.kind() == RegexNode.Assertion.Kind.MATCH_START;
    }
    if (node instanceof RegexNode.Group g) {
      return leadingAnchor(g.body());
    }
    if (node instanceof RegexNode.Atomic a) {
      return leadingAnchor(a.body());
    }
    if (node instanceof RegexNode.Repeat r) {
      return leadingAnchor(r.body());
    }
    if (node instanceof RegexNode.Alternation a) {
      return a.branches().stream().anyMatch(PatternShape::leadingAnchor);
    }
    if (node instanceof RegexNode.Concat c) {
      for (RegexNode item : c.items()) {
        if (leadingAnchor(item)) {
          return true;
        }
        if (maxLength(item) != 0) {
          return false;
        }
      }
    }
    return false;
  }
}
