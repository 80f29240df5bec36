package io.meshward.waf.regex;

import io.meshward.waf.regex.RegexNode.Alternation;
import io.meshward.waf.regex.RegexNode.Atomic;
import io.meshward.waf.regex.RegexNode.CharClass;
import io.meshward.waf.regex.RegexNode.Concat;
import io.meshward.waf.regex.RegexNode.Group;
import io.meshward.waf.regex.RegexNode.Literal;
import io.meshward.waf.regex.RegexNode.Repeat;

/**
 * A set of bytes at least one of which every match of a pattern contains: {@code (?:^|[/;\\])\.{2,3}[/;\\]} cannot
 * match an input without a {@code .}, nor {@code <script} one without a {@code <}. Where a pattern offers several
 * such sets (one per byte it must consume), the rarest in ordinary text wins, so that most benign values hold none
 * of its bytes and are ruled out without running any automaton: letters, digits and the space are weighed as
 * common, the punctuation of URLs, e-mail addresses and form values as less so, every other byte as rare.
 *
 * <p>Sound by construction: zero-width parts (assertions, lookaround), optional parts and back references (which may
 * match the empty string) never supply a set; an alternation supplies one only when every branch does (their union).
 */
public final class NecessaryBytes {
  private static final int COMMON = 64;
  private static final int UNCOMMON = 8;
  private static final ByteSet COMMON_BYTES = common();
  private static final ByteSet UNCOMMON_BYTES = uncommon();

  private NecessaryBytes() {}

  /**
   * The set for {@code pattern} as four 64-bit words (bit {@code b & 63} of word {@code b >>> 6} for byte {@code b}),
   * or null when the pattern can match without consuming any byte of a set we can name.
   */
  public static long[] of(SafeRegex pattern) {
    ByteSet set = of(pattern.root());
    return set == null ? null : set.words();
  }

  /** Whether none of the bytes is a letter, a digit or a space: most words and numbers hold none of them. */
  public static boolean isRare(long[] words) {
    long[] common = COMMON_BYTES.words();
    for (int i = 0; i < 4; i++) {
      if ((words[i] & common[i]) != 0) {
        return false;
      }
    }
    return true;
  }

  static ByteSet of(RegexNode node) {
    if (node instanceof Literal literal) {
      ByteSet set = new ByteSet();
      set.add(literal.value());
      return literal.caseless() ? set.foldAsciiCase() : set;
    }
    if (node instanceof CharClass charClass) {
      return charClass.set().isEmpty() ? null : charClass.set();
    }
    if (node instanceof Group group) {
      return of(group.body());
    }
    if (node instanceof Atomic atomic) {
      return of(atomic.body());
    }
    if (node instanceof Repeat repeat) {
      return repeat.min() >= 1 ? of(repeat.body()) : null;
    }
    if (node instanceof Concat concat) {
      ByteSet best = null;
      long bestWeight = Long.MAX_VALUE;
      for (RegexNode item : concat.items()) {
        ByteSet set = of(item);
        if (set != null && weight(set) < bestWeight) {
          best = set;
          bestWeight = weight(set);
        }
      }
      return best;
    }
    if (node instanceof Alternation alternation) {
      ByteSet union = new ByteSet();
      for (RegexNode branch : alternation.branches()) {
        ByteSet set = of(branch);
        if (set == null) {
          return null;
        }
        union.addAll(set);
      }
      return union;
    }
    // Assertions and lookaround consume nothing; a back reference may match the empty string.
    return null;
  }

  /** How common the set's bytes are in benign text, summed: lower is better for ruling values out. */
  static long weight(ByteSet set) {
    long weight = 0;
    for (int b = 0; b < 256; b++) {
      if (set.contains(b)) {
        weight += COMMON_BYTES.contains(b) ? COMMON : UNCOMMON_BYTES.contains(b) ? UNCOMMON : 1;
      }
    }
    return weight;
  }

  private static ByteSet common() {
    ByteSet set = ByteSet.of('a', 'z');
    set.addRange('A', 'Z');
    set.addRange('0', '9');
    set.add(' ');
    return set;
  }

  private static ByteSet uncommon() {
    ByteSet set = new ByteSet();
    for (char c : ".-_/:,@=&%+".toCharArray()) {
      set.add(c);
    }
    return set;
  }
}
