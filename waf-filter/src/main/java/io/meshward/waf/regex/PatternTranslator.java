package io.meshward.waf.regex;

import io.meshward.waf.regex.RegexNode.Alternation;
import io.meshward.waf.regex.RegexNode.Assertion;
import io.meshward.waf.regex.RegexNode.Atomic;
import io.meshward.waf.regex.RegexNode.BackReference;
import io.meshward.waf.regex.RegexNode.CharClass;
import io.meshward.waf.regex.RegexNode.Concat;
import io.meshward.waf.regex.RegexNode.Group;
import io.meshward.waf.regex.RegexNode.Literal;
import io.meshward.waf.regex.RegexNode.Look;
import io.meshward.waf.regex.RegexNode.Repeat;
import java.util.List;

/**
 * Translates a PCRE pattern (as libmodsecurity compiles {@code @rx}) into equivalent {@code java.util.regex} and
 * RE2/J patterns over byte strings (one char per byte, 0-255).
 *
 * <p>Both outputs spell out what PCRE means on bytes instead of relying on the target engine's defaults:
 *
 * <ul>
 *   <li>classes ({@code [...]}, {@code \d}, {@code \w}, {@code \s}, {@code \h}, {@code \v}, POSIX classes,
 *       {@code .}) are computed as byte sets with PCRE's ASCII-only case folding applied, then written out: in Java
 *       as {@code \d \w \s} (ASCII in Java too) and their negations where they coincide, else as a list of single
 *       bytes, which java.util.regex compiles to one 256-entry bit table (ranges would become a chain of
 *       predicates, several times slower when backtracking); in RE2 as ranges. So {@code \s} includes VT in both
 *       engines, and RE2's Unicode case folding never sees a class;
 *   <li>{@code (?i)} stays a flag in Java (whose folding without UNICODE_CASE is ASCII-only, like PCRE's C locale)
 *       and becomes {@code [Aa]} in RE2;
 *   <li>{@code \b} / {@code \B}: ASCII lookarounds in Java, because JDK 17's {@code \b} counts Latin-1 letters as word
 *       characters; when a neighbouring item fixes one side (as in {@code \bselect\b}) a single one-character
 *       lookaround. They stay {@code \b} / {@code \B} in RE2 (ASCII);
 *   <li>{@code ^} under MULTILINE: Java's never matches at the end of the input, not even in an empty input, PCRE's
 *       does at offset 0, so Java gets {@code (?:^|\A)} unless the next item needs a character;
 *   <li>{@code (?s)} / {@code (?m)} are resolved per node: {@code .} without DOTALL is {@code [^\n]}, {@code ^}
 *       without MULTILINE is {@code \A}, {@code $} without MULTILINE is {@code \Z}.
 * </ul>
 *
 * The Java pattern must be compiled with {@link #JAVA_FLAGS}, the RE2/J pattern with {@link #RE2_FLAGS}.
 *
 * <p>RE2/J cannot express backreferences, lookaround, atomic groups, possessive quantifiers, {@code \G}, PCRE's
 * non-multiline {@code $} ({@code \Z}), or counted repetition above 1000: for those patterns {@link Translation#re2()}
 * is null and {@link Translation#re2Unsupported()} says why.
 *
 * <p>One difference cannot be spelled in RE2 syntax: under MULTILINE, RE2's {@code ^} also matches at the very end of
 * an input that ends with a newline; PCRE's does not. It only shows when what follows a {@code ^} can match the
 * empty string; {@link Translation#re2LineStartCaveat()} tells a caller when to double-check (see {@link SafeRegex}).
 */
public final class PatternTranslator {
  /** Flags for the Java pattern. */
  public static final int JAVA_FLAGS =
      java.util.regex.Pattern.DOTALL | java.util.regex.Pattern.MULTILINE | java.util.regex.Pattern.UNIX_LINES;

  /** Flags for the RE2/J pattern. */
  public static final int RE2_FLAGS = com.google.re2j.Pattern.DOTALL | com.google.re2j.Pattern.MULTILINE;

  /** RE2's limit on counted repetition. */
  private static final int RE2_MAX_REPEAT = 1000;

  private static final ByteSet WORD = wordSet();
  private static final ByteSet NOT_WORD = WORD.complement();
  private static final ByteSet DIGIT = ByteSet.of('0', '9');
  private static final ByteSet SPACE = spaceSet();

  private static final String W = "[0-9A-Z_a-z]";
  private static final String JAVA_WORD_BOUNDARY = "(?:(?<=" + W + ")(?!" + W + ")|(?<!" + W + ")(?=" + W + "))";
  private static final String JAVA_NOT_WORD_BOUNDARY = "(?:(?<=" + W + ")(?=" + W + ")|(?<!" + W + ")(?!" + W + "))";

  private PatternTranslator() {}

  /** When RE2's {@code ^} may disagree with PCRE's (only on inputs that end with a newline). */
  public enum LineStartCaveat {
    /** Never: every {@code ^} is followed by something that needs a character. */
    NONE,
    /**
     * Only for an empty match at the very end of an input that ends with a newline: every {@code ^} that could
     * disagree can only be tested where a match starts.
     */
    EMPTY_MATCH_AT_END,
    /** For any match that ends at the end of an input that ends with a newline. */
    MATCH_AT_END
  }

  /** Where every match must start. */
  public enum Anchor {
    /** Anywhere. */
    NONE,
    /** At offset 0 only ({@code \A}, or {@code ^} without MULTILINE, first in every branch). */
    INPUT_START,
    /** At offset 0 or after a newline that is not the last byte ({@code ^} under MULTILINE first in every branch). */
    LINE_START
  }

  /**
   * The translations of one pattern.
   *
   * @param java the java.util.regex pattern (always present)
   * @param re2 the RE2/J pattern, or null when RE2 cannot express it
   * @param re2Unsupported why {@code re2} is null
   * @param groupCount the number of capture groups (the same in both)
   * @param re2LineStartCaveat where the RE2 pattern's {@code ^} may disagree with PCRE's
   * @param anchor where every match must start (a matcher need not try other offsets)
   */
  public record Translation(
      String java,
      String re2,
      String re2Unsupported,
      int groupCount,
      LineStartCaveat re2LineStartCaveat,
      Anchor anchor) {}

  public static Translation translate(String pcrePattern) throws RegexSyntaxException {
    return translate(PcreParser.parse(pcrePattern));
  }

  static Translation translate(PcreParser.Parsed parsed) {
    String java = new JavaEmitter().emit(parsed.root());
    String re2 = null;
    String reason = null;
    try {
      StringBuilder out = new StringBuilder();
      emitRe2(parsed.root(), out);
      re2 = out.toString();
    } catch (Unsupported e) {
      reason = e.getMessage();
    }
    LineStartCaveat caveat = lineStartCaveat(parsed.root(), true, true);
    return new Translation(java, re2, reason, parsed.groupCount(), caveat, anchor(parsed.root()));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // java.util.regex

  private static final class JavaEmitter {
    private final StringBuilder out = new StringBuilder();
    /** Whether CASE_INSENSITIVE is on at this point of the emitted pattern. */
    private boolean caseless;

    String emit(RegexNode root) {
      int[] letters = new int[2];
      countLetters(root, letters);
      if (letters[0] > letters[1]) {
        out.append("(?i)");
        caseless = true;
      }
      node(root, null, null);
      return out.toString();
    }

    private static void countLetters(RegexNode node, int[] counts) {
      if (node instanceof Literal lit) {
        if (isAsciiLetter(lit.value())) {
          counts[lit.caseless() ? 0 : 1]++;
        }
      } else {
        for (RegexNode child : children(node)) {
          countLetters(child, counts);
        }
      }
    }

    private void ensureCaseless(boolean wanted) {
      if (caseless != wanted) {
        out.append(wanted ? "(?i)" : "(?-i)");
        caseless = wanted;
      }
    }

    /** Emits a group; flags set inside a group end with it, in Java as in PCRE. */
    private void group(String opener, RegexNode body) {
      boolean saved = caseless;
      out.append(opener);
      node(body, null, null);
      out.append(')');
      caseless = saved;
    }

    /**
     * @param before the bytes the item just before this node certainly consumed (its last byte), or null
     * @param after the bytes the item just after this node certainly consumes first, or null
     */
    private void node(RegexNode node, ByteSet before, ByteSet after) {
      if (node instanceof Literal lit) {
        if (isAsciiLetter(lit.value())) {
          ensureCaseless(lit.caseless());
        }
        appendLiteral(out, lit.value());
      } else if (node instanceof CharClass cls) {
        if (!cls.set().isClosedUnderAsciiCase()) {
          ensureCaseless(false);
        }
        appendJavaClass(out, cls.set());
      } else if (node instanceof Assertion a) {
        out.append(assertion(a.kind(), before, after));
      } else if (node instanceof Group g) {
        group(g.index() >= 0 ? "(" : "(?:", g.body());
      } else if (node instanceof Look l) {
        group(l.ahead() ? (l.negated() ? "(?!" : "(?=") : (l.negated() ? "(?<!" : "(?<="), l.body());
      } else if (node instanceof Atomic a) {
        group("(?>", a.body());
      } else if (node instanceof Repeat r) {
        if (isAtom(r.body())) {
          node(r.body(), null, null);
        } else {
          group("(?:", r.body());
        }
        appendQuantifier(out, r);
      } else if (node instanceof BackReference b) {
        ensureCaseless(b.caseless());
        out.append("(?:\\").append(b.index()).append(')');
      } else if (node instanceof Concat c) {
        List<RegexNode> items = c.items();
        for (int i = 0; i < items.size(); i++) {
          RegexNode item = items.get(i);
          ByteSet itemBefore = i > 0 && !nullable(items.get(i - 1)) ? lastBytes(items.get(i - 1)) : null;
          ByteSet itemAfter = i + 1 < items.size() && !nullable(items.get(i + 1)) ? firstBytes(items.get(i + 1)) : null;
          node(item, itemBefore, itemAfter);
        }
      } else if (node instanceof Alternation alt) {
        boolean saved = caseless;
        out.append("(?:");
        for (int i = 0; i < alt.branches().size(); i++) {
          if (i > 0) {
            out.append('|');
          }
          node(alt.branches().get(i), null, null);
        }
        out.append(')');
        caseless = saved;
      } else {
        throw new IllegalStateException("unknown node " + node);
      }
    }

    private static String assertion(Assertion.Kind kind, ByteSet before, ByteSet after) {
      switch (kind) {
        case LINE_START:
          // Java's ^ never matches at the end of the input; PCRE's does at offset 0 (an empty input).
          return after != null ? "^" : "(?:^|\\A)";
        case INPUT_START:
          return "\\A";
        case LINE_END:
          return "$";
        case INPUT_END_OR_FINAL_NEWLINE:
          return "\\Z";
        case INPUT_END:
          return "\\z";
        case MATCH_START:
          return "\\G";
        case WORD_BOUNDARY:
        case NOT_WORD_BOUNDARY:
          boolean boundary = kind == Assertion.Kind.WORD_BOUNDARY;
          if (before != null && subset(before, WORD)) {
            return boundary ? "(?!" + W + ")" : "(?=" + W + ")";
          }
          if (before != null && subset(before, NOT_WORD)) {
            return boundary ? "(?=" + W + ")" : "(?!" + W + ")";
          }
          if (after != null && subset(after, WORD)) {
            return boundary ? "(?<!" + W + ")" : "(?<=" + W + ")";
          }
          if (after != null && subset(after, NOT_WORD)) {
            return boundary ? "(?<=" + W + ")" : "(?<!" + W + ")";
          }
          return boundary ? JAVA_WORD_BOUNDARY : JAVA_NOT_WORD_BOUNDARY;
        default:
          throw new IllegalStateException(kind.toString());
      }
    }
  }

  /** A class for java.util.regex: a shorthand when one fits, else single bytes (one bit table). */
  private static void appendJavaClass(StringBuilder out, ByteSet set) {
    if (set.isEmpty()) {
      out.append("[^\\x00-\\xff]");
      return;
    }
    int single = set.single();
    if (single >= 0) {
      appendLiteral(out, single);
      return;
    }
    if (set.size() == 256) {
      out.append('.'); // DOTALL is always on
      return;
    }
    String shorthand = shorthand(set);
    if (shorthand != null) {
      out.append(shorthand);
      return;
    }
    out.append('[');
    for (int b = 0; b < 256; b++) {
      if (set.contains(b)) {
        appendClassMember(out, b);
      }
    }
    out.append(']');
  }

  private static String shorthand(ByteSet set) {
    if (set.equals(DIGIT)) {
      return "\\d";
    } else if (set.equals(DIGIT.complement())) {
      return "\\D";
    } else if (set.equals(WORD)) {
      return "\\w";
    } else if (set.equals(NOT_WORD)) {
      return "\\W";
    } else if (set.equals(SPACE)) {
      return "\\s";
    } else if (set.equals(SPACE.complement())) {
      return "\\S";
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // RE2/J

  private static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(String message) {
      super(message, null, false, false);
    }
  }

  private static void emitRe2(RegexNode node, StringBuilder out) {
    if (node instanceof Literal lit) {
      if (lit.caseless() && isAsciiLetter(lit.value())) {
        int upper = lit.value() & ~0x20;
        out.append('[').append((char) upper).append((char) (upper | 0x20)).append(']');
      } else {
        appendLiteral(out, lit.value());
      }
    } else if (node instanceof CharClass cls) {
      appendRangeClass(out, cls.set());
    } else if (node instanceof Assertion a) {
      out.append(
          switch (a.kind()) {
            case LINE_START -> "^";
            case INPUT_START -> "\\A";
            case LINE_END -> "$";
            case INPUT_END -> "\\z";
            case WORD_BOUNDARY -> "\\b";
            case NOT_WORD_BOUNDARY -> "\\B";
            case INPUT_END_OR_FINAL_NEWLINE -> throw new Unsupported(
                "RE2 has no \\Z (end of input or before a final newline; also PCRE's $ without (?m))");
            case MATCH_START -> throw new Unsupported("RE2 has no \\G");
          });
    } else if (node instanceof Group g) {
      out.append(g.index() >= 0 ? "(" : "(?:");
      emitRe2(g.body(), out);
      out.append(')');
    } else if (node instanceof Look) {
      throw new Unsupported("RE2 has no lookaround");
    } else if (node instanceof Atomic) {
      throw new Unsupported("RE2 has no atomic groups");
    } else if (node instanceof BackReference) {
      throw new Unsupported("RE2 has no backreferences");
    } else if (node instanceof Repeat r) {
      if (r.mode() == Repeat.Mode.POSSESSIVE) {
        throw new Unsupported("RE2 has no possessive quantifiers");
      }
      if (r.min() > RE2_MAX_REPEAT || r.max() > RE2_MAX_REPEAT) {
        throw new Unsupported("RE2 allows counted repetition up to " + RE2_MAX_REPEAT);
      }
      if (isAtom(r.body())) {
        emitRe2(r.body(), out);
      } else {
        out.append("(?:");
        emitRe2(r.body(), out);
        out.append(')');
      }
      appendQuantifier(out, r);
    } else if (node instanceof Concat c) {
      for (RegexNode item : c.items()) {
        emitRe2(item, out);
      }
    } else if (node instanceof Alternation alt) {
      out.append("(?:");
      for (int i = 0; i < alt.branches().size(); i++) {
        if (i > 0) {
          out.append('|');
        }
        emitRe2(alt.branches().get(i), out);
      }
      out.append(')');
    } else {
      throw new IllegalStateException("unknown node " + node);
    }
  }

  /** A class as ranges, {@code [^ranges]} when shorter. */
  private static void appendRangeClass(StringBuilder out, ByteSet set) {
    if (set.isEmpty()) {
      out.append("[^\\x00-\\xff]");
      return;
    }
    int single = set.single();
    if (single >= 0) {
      appendLiteral(out, single);
      return;
    }
    if (set.size() == 256) {
      out.append('.'); // DOTALL is always on; inputs hold no char above 0xFF
      return;
    }
    ByteSet complement = set.complement();
    boolean negate = complement.runCount() < set.runCount();
    ByteSet members = negate ? complement : set;
    out.append(negate ? "[^" : "[");
    int b = 0;
    while (b < 256) {
      if (!members.contains(b)) {
        b++;
        continue;
      }
      int end = b;
      while (end + 1 < 256 && members.contains(end + 1)) {
        end++;
      }
      appendClassMember(out, b);
      if (end == b + 1) {
        appendClassMember(out, end);
      } else if (end > b) {
        out.append('-');
        appendClassMember(out, end);
      }
      b = end + 1;
    }
    out.append(']');
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Analysis

  private static List<RegexNode> children(RegexNode node) {
    if (node instanceof Group g) {
      return List.of(g.body());
    } else if (node instanceof Look l) {
      return List.of(l.body());
    } else if (node instanceof Atomic a) {
      return List.of(a.body());
    } else if (node instanceof Repeat r) {
      return List.of(r.body());
    } else if (node instanceof Concat c) {
      return c.items();
    } else if (node instanceof Alternation alt) {
      return alt.branches();
    }
    return List.of();
  }

  /** Where every match of the node must start. */
  static Anchor anchor(RegexNode node) {
    if (node instanceof Assertion a) {
      return switch (a.kind()) {
        case INPUT_START -> Anchor.INPUT_START;
        case LINE_START -> Anchor.LINE_START;
        default -> Anchor.NONE;
      };
    } else if (node instanceof Group g) {
      return anchor(g.body());
    } else if (node instanceof Atomic a) {
      return anchor(a.body());
    } else if (node instanceof Repeat r) {
      return r.min() >= 1 ? anchor(r.body()) : Anchor.NONE;
    } else if (node instanceof Concat c) {
      return c.items().isEmpty() ? Anchor.NONE : anchor(c.items().get(0));
    } else if (node instanceof Alternation alt) {
      Anchor weakest = Anchor.INPUT_START;
      for (RegexNode branch : alt.branches()) {
        Anchor a = anchor(branch);
        if (a == Anchor.NONE) {
          return Anchor.NONE;
        }
        if (a == Anchor.LINE_START) {
          weakest = Anchor.LINE_START;
        }
      }
      return weakest;
    }
    return Anchor.NONE;
  }

  /** Whether the node can match the empty string. */
  static boolean nullable(RegexNode node) {
    if (node instanceof Literal || node instanceof CharClass) {
      return false;
    } else if (node instanceof Assertion || node instanceof Look || node instanceof BackReference) {
      return true;
    } else if (node instanceof Group g) {
      return nullable(g.body());
    } else if (node instanceof Atomic a) {
      return nullable(a.body());
    } else if (node instanceof Repeat r) {
      return r.min() == 0 || nullable(r.body());
    } else if (node instanceof Concat c) {
      return c.items().stream().allMatch(PatternTranslator::nullable);
    } else if (node instanceof Alternation alt) {
      return alt.branches().stream().anyMatch(PatternTranslator::nullable);
    }
    return true;
  }

  /** Whether the node never consumes a byte. */
  private static boolean zeroWidth(RegexNode node) {
    if (node instanceof Assertion || node instanceof Look) {
      return true;
    } else if (node instanceof Literal || node instanceof CharClass || node instanceof BackReference) {
      return false;
    } else if (node instanceof Repeat r) {
      return r.max() == 0 || zeroWidth(r.body());
    }
    return children(node).stream().allMatch(PatternTranslator::zeroWidth);
  }

  /** The bytes a non-nullable node can start with (case folding applied), or null when unknown. */
  private static ByteSet firstBytes(RegexNode node) {
    return edgeBytes(node, true);
  }

  /** The bytes a non-nullable node can end with, or null when unknown. */
  private static ByteSet lastBytes(RegexNode node) {
    return edgeBytes(node, false);
  }

  private static ByteSet edgeBytes(RegexNode node, boolean first) {
    if (node instanceof Literal lit) {
      ByteSet set = ByteSet.of(lit.value(), lit.value());
      return lit.caseless() ? set.foldAsciiCase() : set;
    } else if (node instanceof CharClass cls) {
      return cls.set();
    } else if (node instanceof Group g) {
      return edgeBytes(g.body(), first);
    } else if (node instanceof Atomic a) {
      return edgeBytes(a.body(), first);
    } else if (node instanceof Repeat r) {
      return r.min() >= 1 ? edgeBytes(r.body(), first) : null;
    } else if (node instanceof Concat c) {
      List<RegexNode> items = c.items();
      for (int k = 0; k < items.size(); k++) {
        RegexNode item = items.get(first ? k : items.size() - 1 - k);
        if (zeroWidth(item)) {
          continue;
        }
        return nullable(item) ? null : edgeBytes(item, first);
      }
      return null;
    } else if (node instanceof Alternation alt) {
      ByteSet union = new ByteSet();
      for (RegexNode branch : alt.branches()) {
        ByteSet set = nullable(branch) ? null : edgeBytes(branch, first);
        if (set == null) {
          return null;
        }
        union.addAll(set);
      }
      return union;
    }
    return null;
  }

  private static boolean subset(ByteSet set, ByteSet of) {
    for (int b = 0; b < 256; b++) {
      if (set.contains(b) && !of.contains(b)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Finds the multiline {@code ^} whose continuation (the rest of the pattern after it) can match empty: only those
   * can be tested at the end of an input, where RE2 and PCRE disagree.
   *
   * @param continuationNullable whether what follows the node in the whole pattern can match the empty string
   * @param leading whether nothing can have been consumed before the node within the current match
   */
  private static LineStartCaveat lineStartCaveat(RegexNode node, boolean continuationNullable, boolean leading) {
    if (node instanceof Assertion a) {
      if (a.kind() != Assertion.Kind.LINE_START || !continuationNullable) {
        return LineStartCaveat.NONE;
      }
      return leading ? LineStartCaveat.EMPTY_MATCH_AT_END : LineStartCaveat.MATCH_AT_END;
    }
    LineStartCaveat worst = LineStartCaveat.NONE;
    if (node instanceof Concat c) {
      List<RegexNode> items = c.items();
      for (int i = 0; i < items.size(); i++) {
        boolean cont = continuationNullable;
        for (int j = i + 1; j < items.size() && cont; j++) {
          cont = nullable(items.get(j));
        }
        boolean lead = leading;
        for (int j = 0; j < i && lead; j++) {
          lead = zeroWidth(items.get(j));
        }
        worst = max(worst, lineStartCaveat(items.get(i), cont, lead));
      }
    } else if (node instanceof Repeat r) {
      boolean cont = continuationNullable || nullable(r.body());
      boolean lead = leading && (r.max() == 1 || r.max() == 0 || zeroWidth(r.body()));
      worst = lineStartCaveat(r.body(), cont, lead);
    } else if (node instanceof Look l) {
      worst = lineStartCaveat(l.body(), true, false);
    } else {
      for (RegexNode child : children(node)) {
        worst = max(worst, lineStartCaveat(child, continuationNullable, leading));
      }
    }
    return worst;
  }

  private static LineStartCaveat max(LineStartCaveat a, LineStartCaveat b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Shared spelling

  private static boolean isAtom(RegexNode node) {
    return node instanceof Literal
        || node instanceof CharClass
        || node instanceof Group
        || node instanceof Look
        || node instanceof Atomic
        || node instanceof BackReference;
  }

  private static void appendQuantifier(StringBuilder out, Repeat r) {
    int min = r.min();
    int max = r.max();
    if (min == 0 && max < 0) {
      out.append('*');
    } else if (min == 1 && max < 0) {
      out.append('+');
    } else if (min == 0 && max == 1) {
      out.append('?');
    } else if (min == max) {
      out.append('{').append(min).append('}');
    } else if (max < 0) {
      out.append('{').append(min).append(",}");
    } else {
      out.append('{').append(min).append(',').append(max).append('}');
    }
    if (r.mode() == Repeat.Mode.LAZY) {
      out.append('?');
    } else if (r.mode() == Repeat.Mode.POSSESSIVE) {
      out.append('+');
    }
  }

  private static boolean isAsciiLetter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isPlain(int c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_';
  }

  /** A literal byte outside a class, in syntax both engines read the same way. */
  private static void appendLiteral(StringBuilder out, int c) {
    if (isPlain(c)) {
      out.append((char) c);
    } else if (c > 0x20 && c < 0x7F) {
      out.append('\\').append((char) c); // escaped ASCII punctuation is a literal in both engines
    } else {
      appendHex(out, c);
    }
  }

  private static void appendClassMember(StringBuilder out, int c) {
    if (isPlain(c)) {
      out.append((char) c);
    } else {
      appendHex(out, c);
    }
  }

  private static void appendHex(StringBuilder out, int c) {
    out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
  }

  private static ByteSet wordSet() {
    ByteSet set = ByteSet.of('0', '9');
    set.addRange('A', 'Z');
    set.addRange('a', 'z');
    set.add('_');
    return set;
  }

  private static ByteSet spaceSet() {
    ByteSet set = ByteSet.of('\t', '\r');
    set.add(' ');
    return set;
  }
}
