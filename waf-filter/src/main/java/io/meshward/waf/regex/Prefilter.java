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
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A necessary condition for a pattern to match, checked in one cheap pass before running any regex engine: most
 * CRS patterns do not match most inputs, and most of them need some literal (a keyword, a punctuation byte) that a
 * benign input lacks.
 *
 * <p>Derived from the parsed pattern: its minimum match length, and up to two "one of these strings must occur"
 * sets (compared ignoring ASCII case, which only weakens the condition). Products of small literal sets are
 * expanded so that trie-shaped alternations such as {@code s(?:elect|leep)} give whole words. The check can only say
 * "cannot match" when that is certain; anything unknown (back references, wide classes, optional parts) simply
 * contributes no condition.
 */
final class Prefilter {
  /** Largest expanded set of alternatives kept. */
  private static final int MAX_SET = 64;
  /** Longest expanded string kept. */
  private static final int MAX_STRING = 32;
  /** Widest class expanded into alternatives. */
  private static final int MAX_CLASS = 6;

  static final Prefilter NONE = new Prefilter(0, List.of());

  private final int minLength;
  private final List<AhoCorasick> required;

  private Prefilter(int minLength, List<AhoCorasick> required) {
    this.minLength = minLength;
    this.required = required;
  }

  /** Whether the pattern can possibly match {@code input}; false is certain. */
  boolean mayMatch(String input) {
    if (input.length() < minLength) {
      return false;
    }
    for (AhoCorasick set : required) {
      if (!set.containsAny(input)) {
        return false;
      }
    }
    return true;
  }

  int minLength() {
    return minLength;
  }

  int conditionCount() {
    return required.size();
  }

  /** Only the minimum length (where a DFA does the rest). */
  static Prefilter minLengthOnly(RegexNode root) {
    int minLength = minLength(root);
    return minLength <= 1 ? NONE : new Prefilter(minLength, List.of());
  }

  static Prefilter of(RegexNode root) {
    Info info = analyze(root);
    List<Set<String>> candidates = new ArrayList<>(info.required);
    if (info.exact != null) {
      candidates.add(info.exact);
    }
    candidates.removeIf(set -> set.isEmpty() || set.contains(""));
    candidates.sort(Comparator.comparingInt(Prefilter::score).reversed().thenComparingInt(Set::size));
    List<AhoCorasick> chosen = new ArrayList<>();
    for (Set<String> set : candidates) {
      if (chosen.size() == 2) {
        break;
      }
      chosen.add(AhoCorasick.of(set));
    }
    int minLength = minLength(root);
    if (chosen.isEmpty() && minLength <= 1) {
      return NONE;
    }
    return new Prefilter(minLength, List.copyOf(chosen));
  }

  /** How selective a set is: the length of its shortest string. */
  private static int score(Set<String> set) {
    int min = Integer.MAX_VALUE;
    for (String s : set) {
      min = Math.min(min, s.length());
    }
    return min;
  }

  // ---------------------------------------------------------------------------------------------------------------

  /**
   * What is known about the strings a node matches.
   *
   * @param exact every string the node can match (folded to lower case), or null when too many or unbounded
   * @param required sets of which each must contribute one occurring string to any match
   */
  private record Info(Set<String> exact, List<Set<String>> required) {
    static Info exactly(Set<String> exact) {
      return new Info(exact, List.of());
    }

    static final Info EMPTY = exactly(Set.of(""));
    static final Info UNKNOWN = new Info(null, List.of());
  }

  private static Info analyze(RegexNode node) {
    if (node instanceof Literal lit) {
      return Info.exactly(Set.of(String.valueOf((char) fold(lit.value()))));
    } else if (node instanceof CharClass cls) {
      Set<String> members = new LinkedHashSet<>();
      for (int b = 0; b < 256; b++) {
        if (cls.set().contains(b)) {
          members.add(String.valueOf((char) fold(b)));
          if (members.size() > MAX_CLASS) {
            return Info.UNKNOWN;
          }
        }
      }
      return members.isEmpty() ? Info.UNKNOWN : Info.exactly(members);
    } else if (node instanceof Assertion || node instanceof Look) {
      return Info.EMPTY;
    } else if (node instanceof BackReference) {
      return Info.UNKNOWN;
    } else if (node instanceof Group g) {
      return analyze(g.body());
    } else if (node instanceof Atomic a) {
      return analyze(a.body());
    } else if (node instanceof Repeat r) {
      return repeat(r);
    } else if (node instanceof Concat c) {
      return concat(c.items());
    } else if (node instanceof Alternation alt) {
      return alternation(alt.branches());
    }
    return Info.UNKNOWN;
  }

  private static Info repeat(Repeat r) {
    if (r.max() == 0) {
      return Info.EMPTY;
    }
    Info body = analyze(r.body());
    if (r.min() == 0) {
      if (r.max() == 1 && body.exact != null) {
        Set<String> optional = new LinkedHashSet<>(body.exact);
        optional.add("");
        return Info.exactly(optional);
      }
      return Info.UNKNOWN;
    }
    List<Set<String>> required = new ArrayList<>(body.required);
    if (body.exact != null) {
      required.add(body.exact);
      if (r.min() == r.max()) {
        Set<String> product = Set.of("");
        for (int i = 0; i < r.min() && product != null; i++) {
          product = product(product, body.exact);
        }
        if (product != null) {
          return new Info(product, required);
        }
      }
    }
    return new Info(null, required);
  }

  private static Info concat(List<RegexNode> items) {
    List<Set<String>> required = new ArrayList<>();
    Set<String> current = Set.of("");
    boolean exact = true;
    for (RegexNode item : items) {
      Info info = analyze(item);
      required.addAll(info.required);
      if (info.exact != null) {
        Set<String> product = product(current, info.exact);
        if (product != null) {
          current = product;
          continue;
        }
        exact = false;
        required.add(current);
        current = info.exact;
      } else {
        exact = false;
        required.add(current);
        current = Set.of("");
      }
    }
    if (exact) {
      return new Info(current, required);
    }
    required.add(current);
    return new Info(null, required);
  }

  private static Info alternation(List<RegexNode> branches) {
    Set<String> union = new LinkedHashSet<>();
    boolean exact = true;
    Set<String> anyOf = new LinkedHashSet<>();
    boolean anyOfValid = true;
    for (RegexNode branch : branches) {
      Info info = analyze(branch);
      if (info.exact != null && exact) {
        union.addAll(info.exact);
        if (union.size() > MAX_SET) {
          exact = false;
        }
      } else {
        exact = false;
      }
      Set<String> best = best(info);
      if (best == null) {
        anyOfValid = false;
      } else if (anyOfValid) {
        anyOf.addAll(best);
      }
    }
    if (exact) {
      return Info.exactly(union);
    }
    return new Info(null, anyOfValid ? List.of(anyOf) : List.of());
  }

  /** The most selective set a node requires, or null when it requires nothing. */
  private static Set<String> best(Info info) {
    Set<String> best = null;
    List<Set<String>> all = new ArrayList<>(info.required);
    if (info.exact != null) {
      all.add(info.exact);
    }
    for (Set<String> set : all) {
      if (set.isEmpty() || set.contains("")) {
        continue;
      }
      if (best == null || score(set) > score(best) || (score(set) == score(best) && set.size() < best.size())) {
        best = set;
      }
    }
    return best;
  }

  /** All concatenations, or null when the result would be too large. */
  private static Set<String> product(Set<String> left, Set<String> right) {
    if ((long) left.size() * right.size() > MAX_SET) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String a : left) {
      for (String b : right) {
        if (a.length() + b.length() > MAX_STRING) {
          return null;
        }
        out.add(a + b);
      }
    }
    return out;
  }

  private static int fold(int b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
  }

  private static int minLength(RegexNode node) {
    if (node instanceof Literal || node instanceof CharClass) {
      return 1;
    } else if (node instanceof Group g) {
      return minLength(g.body());
    } else if (node instanceof Atomic a) {
      return minLength(a.body());
    } else if (node instanceof Repeat r) {
      long n = (long) r.min() * minLength(r.body());
      return (int) Math.min(n, Integer.MAX_VALUE / 2);
    } else if (node instanceof Concat c) {
      long sum = 0;
      for (RegexNode item : c.items()) {
        sum += minLength(item);
      }
      return (int) Math.min(sum, Integer.MAX_VALUE / 2);
    } else if (node instanceof Alternation alt) {
      int min = Integer.MAX_VALUE;
      for (RegexNode branch : alt.branches()) {
        min = Math.min(min, minLength(branch));
      }
      return min == Integer.MAX_VALUE ? 0 : min;
    }
    return 0;
  }
}
