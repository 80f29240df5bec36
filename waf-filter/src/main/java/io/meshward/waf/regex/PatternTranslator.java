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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
  public static final int RE2_FLAGS =
      com.google.re2j.Pattern.DOTALL
          | com.google.re2j.Pattern.MULTILINE
          // The translations never use \p: without this flag RE2/J's parser copies the rest of the pattern at every
          // class member and escape to look for one, quadratic in the pattern's length.
          | com.google.re2j.Pattern.DISABLE_UNICODE_GROUPS;

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

  /**
   * The java.util.regex side of a translation only (what SafeRegex needs to load a pattern; it translates for RE2/J
   * when it first needs its fallback).
   *
   * @param java the java.util.regex pattern
   * @param groupCount the number of capture groups
   * @param anchor where every match must start
   */
  record JavaTranslation(String java, int groupCount, Anchor anchor) {}

  static JavaTranslation translateForJava(PcreParser.Parsed parsed) {
    return new JavaTranslation(new JavaEmitter(new Facts()).emit(parsed.root()), parsed.groupCount(),
        anchor(parsed.root()));
  }

  static Translation translate(PcreParser.Parsed parsed) {
    Facts facts = new Facts();
    String java = new JavaEmitter(facts).emit(parsed.root());
    String re2 = null;
    String reason = null;
    try {
      StringBuilder out = new StringBuilder();
      emitRe2(parsed.root(), out);
      re2 = out.toString();
    } catch (Unsupported e) {
      reason = e.getMessage();
    }
    LineStartCaveat caveat =
        hasLineStart(parsed.root()) ? facts.lineStartCaveat(parsed.root(), true, true) : LineStartCaveat.NONE;
    return new Translation(java, re2, reason, parsed.groupCount(), caveat, anchor(parsed.root()));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // java.util.regex

  private static final class JavaEmitter {
    private final StringBuilder out = new StringBuilder();
    private final Facts facts;
    /** Whether CASE_INSENSITIVE is on at this point of the emitted pattern. */
    private boolean caseless;

    JavaEmitter(Facts facts) {
      this.facts = facts;
    }

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

    /**
     * Emits a group; flags set inside a group end with it, in Java as in PCRE. An alternation that is the whole body
     * needs no group of its own.
     */
    private void group(String opener, RegexNode body) {
      boolean saved = caseless;
      out.append(opener);
      if (body instanceof Alternation alt) {
        branches(alt);
      } else {
        node(body, null, null);
      }
      out.append(')');
      caseless = saved;
    }

    private void branches(Alternation alt) {
      for (int i = 0; i < alt.branches().size(); i++) {
        if (i > 0) {
          out.append('|');
        }
        node(alt.branches().get(i), null, null);
      }
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
          ByteSet itemBefore = i > 0 && !facts.nullable(items.get(i - 1)) ? facts.lastBytes(items.get(i - 1)) : null;
          ByteSet itemAfter =
              i + 1 < items.size() && !facts.nullable(items.get(i + 1)) ? facts.firstBytes(items.get(i + 1)) : null;
          node(item, itemBefore, itemAfter);
        }
      } else if (node instanceof Alternation alt) {
        group("(?:", alt);
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
        appendRe2Literal(out, lit.value());
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
      if (g.body() instanceof Alternation alt) {
        re2Branches(alt, out); // no second group
      } else {
        emitRe2(g.body(), out);
      }
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
      re2Concat(c.items(), out);
    } else if (node instanceof Alternation alt) {
      out.append("(?:");
      re2Branches(alt, out);
      out.append(')');
    } else {
      throw new IllegalStateException("unknown node " + node);
    }
  }

  private static void re2Branches(Alternation alt, StringBuilder out) {
    for (int i = 0; i < alt.branches().size(); i++) {
      if (i > 0) {
        out.append('|');
      }
      emitRe2(alt.branches().get(i), out);
    }
  }

  /**
   * A sequence; a run of ASCII literals with at least two caseless letters becomes one {@code (?i:...)} group
   * instead of a {@code [Aa]} class per letter, which RE2/J parses several times faster. RE2's Unicode folding of
   * an ASCII letter adds only chars above 0xFF (K: U+212A, S: U+017F), which a byte string never holds.
   */
  private static void re2Concat(List<RegexNode> items, StringBuilder out) {
    int i = 0;
    while (i < items.size()) {
      int end = i;
      int letters = 0;
      while (end < items.size() && items.get(end) instanceof Literal lit && lit.value() < 0x80) {
        if (isAsciiLetter(lit.value())) {
          if (!lit.caseless()) {
            break;
          }
          letters++;
        }
        end++;
      }
      if (letters < 2) {
        emitRe2(items.get(i), out);
        i++;
        continue;
      }
      out.append("(?i:");
      for (int k = i; k < end; k++) {
        appendRe2Literal(out, ((Literal) items.get(k)).value());
      }
      out.append(')');
      i = end;
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
      appendRe2ClassMember(out, b);
      if (end == b + 1) {
        appendRe2ClassMember(out, end);
      } else if (end > b) {
        out.append('-');
        appendRe2ClassMember(out, end);
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
    return new Facts().nullable(node);
  }

  /**
   * What the emitters ask about nodes (can it match empty, does it consume nothing, which bytes can it start or end
   * with), memoised per node for one translation: asked at every level of a deeply nested pattern, each question would
   * otherwise walk the same subtrees again and again (the CRS v4 patterns nest dozens of levels deep).
   */
  private static final class Facts {
    /** Stands for "unknown" (null) among the memoised byte sets. */
    private static final ByteSet UNKNOWN = new ByteSet();

    private final Map<RegexNode, Boolean> nullable = new IdentityHashMap<>();
    private final Map<RegexNode, Boolean> zeroWidth = new IdentityHashMap<>();
    private final Map<RegexNode, ByteSet> first = new IdentityHashMap<>();
    private final Map<RegexNode, ByteSet> last = new IdentityHashMap<>();

    boolean nullable(RegexNode node) {
      if (node instanceof Literal || node instanceof CharClass) {
        return false;
      } else if (node instanceof Assertion || node instanceof Look || node instanceof BackReference) {
        return true;
      }
      Boolean known = nullable.get(node);
      if (known != null) {
        return known;
      }
      boolean result;
      if (node instanceof Group g) {
        result = nullable(g.body());
      } else if (node instanceof Atomic a) {
        result = nullable(a.body());
      } else if (node instanceof Repeat r) {
        result = r.min() == 0 || nullable(r.body());
      } else if (node instanceof Concat c) {
        result = true;
        for (RegexNode item : c.items()) {
          if (!nullable(item)) {
            result = false;
            break;
          }
        }
      } else if (node instanceof Alternation alt) {
        result = false;
        for (RegexNode branch : alt.branches()) {
          if (nullable(branch)) {
            result = true;
            break;
          }
        }
      } else {
        result = true;
      }
      nullable.put(node, result);
      return result;
    }

    /** Whether the node never consumes a byte. */
    boolean zeroWidth(RegexNode node) {
      if (node instanceof Assertion || node instanceof Look) {
        return true;
      } else if (node instanceof Literal || node instanceof CharClass || node instanceof BackReference) {
        return false;
      }
      Boolean known = zeroWidth.get(node);
      if (known != null) {
        return known;
      }
      boolean result;
      if (node instanceof Repeat r) {
        result = r.max() == 0 || zeroWidth(r.body());
      } else {
        result = true;
        for (RegexNode child : children(node)) {
          if (!zeroWidth(child)) {
            result = false;
            break;
          }
        }
      }
      zeroWidth.put(node, result);
      return result;
    }

    /** The bytes a non-nullable node can start with (case folding applied), or null when unknown. */
    ByteSet firstBytes(RegexNode node) {
      return edgeBytes(node, true);
    }

    /** The bytes a non-nullable node can end with, or null when unknown. */
    ByteSet lastBytes(RegexNode node) {
      return edgeBytes(node, false);
    }

    private ByteSet edgeBytes(RegexNode node, boolean first) {
      if (node instanceof Literal lit) {
        ByteSet set = ByteSet.of(lit.value(), lit.value());
        return lit.caseless() ? set.foldAsciiCase() : set;
      } else if (node instanceof CharClass cls) {
        return cls.set();
      }
      Map<RegexNode, ByteSet> memo = first ? this.first : this.last;
      ByteSet known = memo.get(node);
      if (known != null) {
        return known == UNKNOWN ? null : known;
      }
      ByteSet result = computeEdgeBytes(node, first);
      memo.put(node, result == null ? UNKNOWN : result);
      return result;
    }

    private ByteSet computeEdgeBytes(RegexNode node, boolean first) {
      if (node instanceof Group g) {
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

    /**
     * Finds the multiline {@code ^} whose continuation (the rest of the pattern after it) can match empty: only
     * those can be tested at the end of an input, where RE2 and PCRE disagree.
     *
     * @param continuationNullable whether what follows the node in the whole pattern can match the empty string
     * @param leading whether nothing can have been consumed before the node within the current match
     */
    LineStartCaveat lineStartCaveat(RegexNode node, boolean continuationNullable, boolean leading) {
      if (node instanceof Assertion a) {
        if (a.kind() != Assertion.Kind.LINE_START || !continuationNullable) {
          return LineStartCaveat.NONE;
        }
        return leading ? LineStartCaveat.EMPTY_MATCH_AT_END : LineStartCaveat.MATCH_AT_END;
      }
      LineStartCaveat worst = LineStartCaveat.NONE;
      if (node instanceof Concat c) {
        List<RegexNode> items = c.items();
        int n = items.size();
        // cont[i]: whether everything after item i (in the concatenation, then the continuation) can match empty.
        boolean[] cont = new boolean[n];
        boolean suffix = continuationNullable;
        for (int i = n - 1; i >= 0; i--) {
          cont[i] = suffix;
          suffix = suffix && nullable(items.get(i));
        }
        boolean lead = leading;
        for (int i = 0; i < n; i++) {
          worst = max(worst, lineStartCaveat(items.get(i), cont[i], lead));
          lead = lead && zeroWidth(items.get(i));
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
  }

  /** Whether a multiline {@code ^} occurs in the pattern (only then can RE2's differ from PCRE's). */
  private static boolean hasLineStart(RegexNode node) {
    if (node instanceof Assertion a) {
      return a.kind() == Assertion.Kind.LINE_START;
    }
    for (RegexNode child : children(node)) {
      if (hasLineStart(child)) {
        return true;
      }
    }
    return false;
  }

  private static boolean subset(ByteSet set, ByteSet of) {
    for (int b = 0; b < 256; b++) {
      if (set.contains(b) && !of.contains(b)) {
        return false;
      }
    }
    return true;
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

  /**
   * A literal byte outside a class for RE2: printable ASCII that is no metacharacter as itself (RE2/J's parser looks
   * ahead for {@code \p} at every escape, copying the rest of the pattern), else as {@link #appendLiteral}.
   */
  private static void appendRe2Literal(StringBuilder out, int c) {
    if (c >= 0x20 && c < 0x7F && "\\.+*?()|[]{}^$#".indexOf(c) < 0) {
      out.append((char) c);
    } else {
      appendLiteral(out, c);
    }
  }

  /** A class member for RE2: printable ASCII as itself unless special in a class (RE2/J parses escapes slowly). */
  private static void appendRe2ClassMember(StringBuilder out, int c) {
    if (c >= 0x20 && c < 0x7F && "\\[]^-:".indexOf(c) < 0) {
      out.append((char) c);
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
