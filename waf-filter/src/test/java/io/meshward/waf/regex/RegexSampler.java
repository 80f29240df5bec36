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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random strings for fuzzing a pattern: walks of its parsed form (a branch, a repetition count, a class member, a
 * case at random; assertions, lookaround and back references produce nothing), so most of them match or nearly
 * match, and reach the deep states of large automata that benign text never visits; and mutations of strings.
 */
final class RegexSampler {
  private static final int MAX_LENGTH = 400;

  private RegexSampler() {}

  /** A string from a random walk of the pattern (it may not match: anchors and lookaround are ignored). */
  static String sample(RegexNode root, Random random) {
    StringBuilder out = new StringBuilder();
    walk(root, random, out);
    return out.toString();
  }

  private static void walk(RegexNode node, Random random, StringBuilder out) {
    if (out.length() > MAX_LENGTH) {
      return;
    }
    if (node instanceof Literal lit) {
      int b = lit.value();
      if (lit.caseless() && ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') && random.nextBoolean()) {
        b ^= 0x20;
      }
      out.append((char) b);
    } else if (node instanceof CharClass cls) {
      int size = cls.set().size();
      if (size == 0) {
        return;
      }
      int pick = random.nextInt(size);
      for (int b = 0; b < 256; b++) {
        if (cls.set().contains(b) && pick-- == 0) {
          out.append((char) b);
          return;
        }
      }
    } else if (node instanceof Assertion || node instanceof Look || node instanceof BackReference) {
      return;
    } else if (node instanceof Group g) {
      walk(g.body(), random, out);
    } else if (node instanceof Atomic a) {
      walk(a.body(), random, out);
    } else if (node instanceof Repeat r) {
      int extra = r.max() < 0 ? random.nextInt(4) : random.nextInt(Math.min(r.max() - r.min(), 3) + 1);
      int count = Math.min(r.min(), 64) + extra;
      for (int i = 0; i < count; i++) {
        walk(r.body(), random, out);
      }
    } else if (node instanceof Concat c) {
      for (RegexNode item : c.items()) {
        walk(item, random, out);
      }
    } else if (node instanceof Alternation alt) {
      walk(alt.branches().get(random.nextInt(alt.branches().size())), random, out);
    }
  }

  /** The bytes the pattern names (literals, small classes): fuzzed strings are built mostly of these. */
  static List<Character> alphabet(RegexNode root) {
    boolean[] seen = new boolean[256];
    collect(root, seen);
    List<Character> out = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      if (seen[b]) {
        out.add((char) b);
      }
    }
    return out;
  }

  private static void collect(RegexNode node, boolean[] seen) {
    if (node instanceof Literal lit) {
      seen[lit.value()] = true;
      if (lit.caseless() && ((lit.value() | 0x20) >= 'a' && (lit.value() | 0x20) <= 'z')) {
        seen[lit.value() ^ 0x20] = true;
      }
    } else if (node instanceof CharClass cls) {
      if (cls.set().size() <= 16) {
        for (int b = 0; b < 256; b++) {
          seen[b] |= cls.set().contains(b);
        }
      }
    } else if (node instanceof Group g) {
      collect(g.body(), seen);
    } else if (node instanceof Atomic a) {
      collect(a.body(), seen);
    } else if (node instanceof Look l) {
      collect(l.body(), seen);
    } else if (node instanceof Repeat r) {
      collect(r.body(), seen);
    } else if (node instanceof Concat c) {
      c.items().forEach(item -> collect(item, seen));
    } else if (node instanceof Alternation alt) {
      alt.branches().forEach(branch -> collect(branch, seen));
    }
  }

  /** A random string: bytes from the alphabet, printable ASCII, newlines and any byte, mixed. */
  static String random(List<Character> alphabet, Random random) {
    int length = random.nextInt(4) == 0 ? random.nextInt(200) : random.nextInt(24);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      if (kind < 5 && !alphabet.isEmpty()) {
        out.append(alphabet.get(random.nextInt(alphabet.size())));
      } else if (kind < 8) {
        out.append((char) (0x20 + random.nextInt(0x5f)));
      } else if (kind == 8) {
        out.append(random.nextBoolean() ? '\n' : ' ');
      } else {
        out.append((char) random.nextInt(256));
      }
    }
    return out.toString();
  }

  /** One to three random edits: delete, insert, replace, flip case, duplicate or drop a piece, add a newline. */
  static String mutate(String s, List<Character> alphabet, Random random) {
    StringBuilder out = new StringBuilder(s);
    for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
      int at = out.length() == 0 ? 0 : random.nextInt(out.length());
      char any = alphabet.isEmpty() || random.nextBoolean()
          ? (char) random.nextInt(256)
          : alphabet.get(random.nextInt(alphabet.size()));
      switch (random.nextInt(8)) {
        case 0 -> {
          if (out.length() > 0) {
            out.deleteCharAt(at);
          }
        }
        case 1 -> out.insert(at, any);
        case 2 -> {
          if (out.length() > 0) {
            out.setCharAt(at, any);
          }
        }
        case 3 -> {
          if (out.length() > 0) {
            char c = out.charAt(at);
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
              out.setCharAt(at, (char) (c ^ 0x20));
            }
          }
        }
        case 4 -> {
          int end = Math.min(out.length(), at + 1 + random.nextInt(8));
          out.insert(at, out.substring(at, end));
        }
        case 5 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(8)));
        case 6 -> out.insert(at, '\n');
        default -> out.insert(random.nextBoolean() ? 0 : out.length(), "x" + any);
      }
    }
    return out.toString();
  }
}
