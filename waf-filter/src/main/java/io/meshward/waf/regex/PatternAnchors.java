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
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Necessary conditions on any match of a pattern, for a searcher that wants to look only where a match can be: the
 * bytes a match can consist of (its alphabet), its minimum length, and a set of short byte-class sequences of which
 * every match contains at least one (a literal such as {@code -----BEGIN } or {@code gh[pousr]_}). Derived from the
 * parsed pattern; read-only, it changes nothing about how the pattern matches.
 *
 * <p>Soundness: every match consists only of alphabet bytes, is at least {@link #minLength()} long, and (when
 * {@link #required()} is not empty) contains one of the sequences, each position of a sequence matching one byte of
 * the position's set. Anything the analysis cannot bound (a back reference, a wide class in a sequence) makes the
 * condition weaker, never wrong.
 */
public final class PatternAnchors {
  /** Most alternative sequences kept in a set (larger products and unions are dropped). */
  private static final int MAX_SEQUENCES = 64;
  /** Longest sequence kept. */
  private static final int MAX_SEQUENCE_LENGTH = 32;
  /** Widest byte set a sequence position may have (a caseless letter is 2, {@code [pousr]} 5). */
  private static final int MAX_POSITION_SET = 6;

  private final boolean[] alphabet;
  private final int minLength;
  private final List<ByteSet[]> required;

  private PatternAnchors(boolean[] alphabet, int minLength, List<ByteSet[]> required) {
    this.alphabet = alphabet;
    this.minLength = minLength;
    this.required = required;
  }

  public static PatternAnchors of(SafeRegex pattern) {
    RegexNode root = pattern.root();
    ByteSet alphabet = new ByteSet();
    addAlphabet(root, alphabet);
    boolean[] bytes = new boolean[256];
    for (int b = 0; b < 256; b++) {
      bytes[b] = alphabet.contains(b);
    }
    Info info = analyze(root);
    List<ByteSet[]> best = info.best();
    return new PatternAnchors(bytes, Prefilter.minLengthOnly(root).minLength(), best == null ? List.of() : best);
  }

  /** Whether a match can contain byte {@code b}. */
  public boolean inAlphabet(int b) {
    return alphabet[b & 0xFF];
  }

  /** The shortest match, in bytes (0 when it can be empty or is unknown). */
  public int minLength() {
    return minLength;
  }

  /**
   * Sequences of byte sets of which every match contains one (empty when none is known). Each sequence is a list of
   * 256-entry membership tables, one per byte position.
   */
  public List<List<boolean[]>> required() {
    List<List<boolean[]>> out = new ArrayList<>(required.size());
    for (ByteSet[] sequence : required) {
      List<boolean[]> positions = new ArrayList<>(sequence.length);
      for (ByteSet set : sequence) {
        boolean[] member = new boolean[256];
        for (int b = 0; b < 256; b++) {
          member[b] = set.contains(b);
        }
        positions.add(member);
      }
      out.add(List.copyOf(positions));
    }
    return List.copyOf(out);
  }

  /**
   * About how often byte {@code b} occurs in typical request and response bodies (JSON, HTML, text), as a fraction:
   * spaces, quotes, digits and common lower-case letters often; upper-case letters, {@code _ / @ +} rarely. A rough
   * model, only used to prefer rare bytes as search anchors.
   */
  public static double frequency(int b) {
    int c = b & 0xFF;
    if (c == ' ') {
      return 0.10;
    }
    if (c == '"') {
      return 0.06;
    }
    if (c >= '0' && c <= '9') {
      return 0.05; // JSON APIs are full of ids, timestamps and amounts
    }
    if (c >= 'a' && c <= 'z') {
      return LOWER[c - 'a'];
    }
    if (c >= 'A' && c <= 'Z') {
      return 0.003;
    }
    switch (c) {
      case ':':
      case ',':
        return 0.02;
      case '.':
      case '-':
      case '\n':
        return 0.01;
      case '{':
      case '}':
      case '[':
      case ']':
      case '<':
      case '>':
        return 0.005;
      case '_':
      case '/':
      case '=':
      case '\\':
      case '\'':
        return 0.002;
      default:
        return 0.001;
    }
  }

  /** Lower-case letters, a to z, after English text with a share of identifiers. */
  private static final double[] LOWER = {
      0.035, 0.012, 0.02, 0.02, 0.05, 0.012, 0.012, 0.02, 0.035, 0.002, 0.005, 0.02, 0.012,
      0.035, 0.035, 0.012, 0.002, 0.035, 0.035, 0.035, 0.02, 0.005, 0.012, 0.002, 0.012, 0.002};

  /** Expected occurrences per byte of a set of sequences (positions independent): lower is more selective. */
  static double expectedHits(List<ByteSet[]> sequences) {
    double hits = 0;
    for (ByteSet[] sequence : sequences) {
      if (sequence.length == 0) {
        return Double.POSITIVE_INFINITY;
      }
      double p = 1;
      for (ByteSet set : sequence) {
        double f = 0;
        for (int b = 0; b < 256; b++) {
          if (set.contains(b)) {
            f += frequency(b);
          }
        }
        p *= Math.min(1.0, f);
      }
      hits += p;
    }
    return hits;
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static void addAlphabet(RegexNode node, ByteSet out) {
    if (node instanceof Literal l) {
      out.add(l.value());
      if (l.caseless() && Character.isLetter(l.value()) && l.value() < 128) {
        out.add(Character.toLowerCase(l.value()));
        out.add(Character.toUpperCase(l.value()));
      }
    } else if (node instanceof CharClass c) {
      out.addAll(c.set());
    } else if (node instanceof BackReference) {
      out.addRange(0, 255); // repeats what a group took: within the alphabet, but kept simple
    } else if (node instanceof Group g) {
      addAlphabet(g.body(), out);
    } else if (node instanceof Atomic a) {
      addAlphabet(a.body(), out);
    } else if (node instanceof Repeat r) {
      addAlphabet(r.body(), out);
    } else if (node instanceof Concat c) {
      c.items().forEach(item -> addAlphabet(item, out));
    } else if (node instanceof Alternation a) {
      a.branches().forEach(branch -> addAlphabet(branch, out));
    }
    // Assertions and lookaround consume nothing.
  }

  /**
   * What is known about the strings a node matches.
   *
   * @param exact every string the node can match, as sequences of byte sets (the empty sequence for "nothing"), or
   *     null when too many or not expressible
   * @param candidates sets of sequences of which each is necessary (every match contains one of the set)
   */
  private record Info(List<ByteSet[]> exact, List<List<ByteSet[]>> candidates) {
    static final Info EMPTY = new Info(Collections.<ByteSet[]>singletonList(new ByteSet[0]), List.of());
    static final Info UNKNOWN = new Info(null, List.of());

    /** The most selective necessary set (the exact set counts as one), or null. */
    List<ByteSet[]> best() {
      List<ByteSet[]> best = null;
      double bestHits = Double.POSITIVE_INFINITY;
      List<List<ByteSet[]>> all = new ArrayList<>(candidates);
      if (exact != null) {
        all.add(exact);
      }
      for (List<ByteSet[]> set : all) {
        double hits = expectedHits(set);
        if (hits < bestHits) {
          best = set;
          bestHits = hits;
        }
      }
      return best;
    }
  }

  private static Info analyze(RegexNode node) {
    if (node instanceof Literal l) {
      ByteSet set = new ByteSet();
      set.add(l.value());
      if (l.caseless()) {
        set = set.foldAsciiCase();
      }
      return new Info(Collections.<ByteSet[]>singletonList(new ByteSet[] {set}), List.of());
    }
    if (node instanceof CharClass c) {
      return c.set().size() <= MAX_POSITION_SET
          ? new Info(Collections.<ByteSet[]>singletonList(new ByteSet[] {c.set().copy()}), List.of())
          : Info.UNKNOWN;
    }
    if (node instanceof Assertion || node instanceof Look) {
      return Info.EMPTY;
    }
    if (node instanceof Group g) {
      return analyze(g.body());
    }
    if (node instanceof Atomic a) {
      return analyze(a.body());
    }
    if (node instanceof Repeat r) {
      return repeat(r);
    }
    if (node instanceof Concat c) {
      return concat(c.items());
    }
    if (node instanceof Alternation a) {
      return alternation(a.branches());
    }
    return Info.UNKNOWN; // a back reference
  }

  private static Info repeat(Repeat r) {
    Info body = analyze(r.body());
    List<List<ByteSet[]>> candidates = new ArrayList<>();
    if (r.min() >= 1) {
      // At least one copy of the body: what the body needs, the whole match needs.
      candidates.addAll(body.candidates());
      if (body.exact() != null) {
        candidates.add(body.exact());
      }
    }
    List<ByteSet[]> exact = null;
    if (body.exact() != null && r.max() >= 0 && r.max() <= 4) {
      // Small counted repetitions of a small set ({@code [ -]?}, {@code -{5}}): every count's product.
      List<ByteSet[]> all = new ArrayList<>();
      List<ByteSet[]> power = Collections.<ByteSet[]>singletonList(new ByteSet[0]);
      boolean complete = true;
      for (int k = 0; k <= r.max(); k++) {
        if (k >= r.min()) {
          all.addAll(power);
        }
        if (k < r.max()) {
          power = product(power, body.exact());
          if (power == null) {
            complete = false; // some counts' strings are missing: not the exact set
            break;
          }
        }
      }
      if (complete) {
        List<ByteSet[]> unique = distinct(all);
        exact = unique.size() <= MAX_SEQUENCES ? unique : null;
      }
    }
    return new Info(exact, candidates);
  }

  private static Info concat(List<RegexNode> items) {
    List<List<ByteSet[]>> candidates = new ArrayList<>();
    // The product of the exact items since the last break (an item without an exact set, or a product too large).
    List<ByteSet[]> run = Collections.<ByteSet[]>singletonList(new ByteSet[0]);
    boolean allExact = true;
    for (RegexNode item : items) {
      Info info = analyze(item);
      candidates.addAll(info.candidates());
      if (info.exact() == null) {
        allExact = false;
        addCandidate(candidates, run);
        run = Collections.<ByteSet[]>singletonList(new ByteSet[0]);
        continue;
      }
      List<ByteSet[]> next = product(run, info.exact());
      if (next == null) {
        // Too many or too long: what was built so far is necessary on its own; start again with this item.
        allExact = false;
        addCandidate(candidates, run);
        run = info.exact();
      } else {
        run = next;
      }
    }
    addCandidate(candidates, run);
    return new Info(allExact ? run : null, candidates);
  }

  private static Info alternation(List<RegexNode> branches) {
    List<ByteSet[]> exact = new ArrayList<>();
    List<ByteSet[]> necessary = new ArrayList<>();
    for (RegexNode branch : branches) {
      Info info = analyze(branch);
      if (exact != null && info.exact() != null) {
        exact.addAll(info.exact());
      } else {
        exact = null;
      }
      List<ByteSet[]> best = info.best();
      if (necessary != null && best != null && !containsEmpty(best)) {
        necessary.addAll(best);
      } else {
        necessary = null; // a branch without a condition: the alternation has none of this kind
      }
    }
    List<List<ByteSet[]>> candidates = new ArrayList<>();
    if (necessary != null && necessary.size() <= MAX_SEQUENCES) {
      candidates.add(distinct(necessary));
    }
    return new Info(exact != null && exact.size() <= MAX_SEQUENCES ? distinct(exact) : null, candidates);
  }

  private static void addCandidate(List<List<ByteSet[]>> candidates, List<ByteSet[]> set) {
    if (!containsEmpty(set)) {
      candidates.add(set);
    }
  }

  private static boolean containsEmpty(List<ByteSet[]> set) {
    for (ByteSet[] sequence : set) {
      if (sequence.length == 0) {
        return true;
      }
    }
    return false;
  }

  /** Every sequence of {@code a} followed by every one of {@code b}; null when over the limits. */
  private static List<ByteSet[]> product(List<ByteSet[]> a, List<ByteSet[]> b) {
    if ((long) a.size() * b.size() > MAX_SEQUENCES) {
      return null;
    }
    List<ByteSet[]> out = new ArrayList<>(a.size() * b.size());
    for (ByteSet[] x : a) {
      for (ByteSet[] y : b) {
        if (x.length + y.length > MAX_SEQUENCE_LENGTH) {
          return null;
        }
        ByteSet[] joined = new ByteSet[x.length + y.length];
        System.arraycopy(x, 0, joined, 0, x.length);
        System.arraycopy(y, 0, joined, x.length, y.length);
        out.add(joined);
      }
    }
    return distinct(out);
  }

  private static List<ByteSet[]> distinct(List<ByteSet[]> sequences) {
    Set<List<ByteSet>> seen = new LinkedHashSet<>();
    for (ByteSet[] sequence : sequences) {
      seen.add(List.of(sequence));
    }
    List<ByteSet[]> out = new ArrayList<>(seen.size());
    for (List<ByteSet> sequence : seen) {
      out.add(sequence.toArray(new ByteSet[0]));
    }
    return out;
  }
}
