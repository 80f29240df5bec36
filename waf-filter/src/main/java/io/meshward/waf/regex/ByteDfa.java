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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deterministic automaton over bytes that recognises a superset of the inputs in which a pattern finds a match
 * (anywhere: search semantics), built from the parsed pattern. One table read per input byte answers "certainly no
 * match" for most inputs a pattern does not match, whatever their literals.
 *
 * <p><b>Soundness.</b> The automaton never rejects an input on which the pattern matches; it may accept inputs on
 * which it does not (the regex engine then decides). The NFA it is built from is the pattern's own, with every
 * construct a finite automaton cannot express replaced by something that matches at least as much:
 *
 * <ul>
 *   <li>lookahead and lookbehind, positive or negative: dropped (as if always true);
 *   <li>atomic groups and possessive quantifiers: plain groups and greedy quantifiers (they only prune matches);
 *   <li>back references: any string;
 *   <li>{@code \G}: dropped; {@code \Z}: "at the end or before a newline" (not only a final one);
 *   <li>counted repetition too large to expand: fewer mandatory copies and an unbounded loop ({@code {n,m}} becomes
 *       {@code {k,}} with {@code k <= n}).
 * </ul>
 *
 * The other assertions are exact: each depends only on the byte before and the byte after its position (or the
 * input's ends), so the automaton evaluates them when it reads the byte after: a state remembers the kind of the byte
 * before (none, newline, word character, other), and the byte classes separate the kinds. {@code ^} under MULTILINE
 * is PCRE's: at the start, or after a newline that is not the last byte. When nothing had to be widened,
 * {@link #exact()} is true and an accepting scan is a real match.
 *
 * <p><b>Construction.</b> A Thompson NFA over the 256 byte values; subset construction over byte classes (bytes that
 * every set of the pattern, and every assertion, treats alike). The search loop (any bytes before the match) is
 * implicit: every subset contains it, so its closure and moves are computed once per context. A scan stops at the
 * first position where a match ends.
 *
 * <p>At compile time the states are built breadth-first from the start, within {@link Limits#prebuiltStates()} and
 * {@link Limits#prebuildWork()}. Most patterns are complete within that: their automaton is then frozen, states that
 * can reach no acceptance are merged into one dead state (a scan stops there: patterns anchored at the start reject
 * most inputs after a few bytes), and nothing changes any more. Some patterns (CRS's evasion-tolerant command lists)
 * have tens of thousands of states, of which benign traffic visits a few hundred: their remaining transitions are
 * built when a scan first needs them, under a lock, at most {@link Limits#buildsPerScan()} per scan (a scan that
 * needs more answers "unknown"), and at most {@link Limits#maxStates()} states in all; past that, every state is
 * dropped and building starts again from the start state. So one scan costs at most a bounded
 * number of transition builds plus one table read per byte: linear in the input.
 *
 * <p><b>Thread safety.</b> Table entries are ints written once, from "unbuilt" (0) to their final value, under the
 * lock; a scan reads them without locking and takes the locked path when it sees 0. A state's row exists in a table
 * array before any entry pointing to it is written into that array; a larger array is a copy published through a
 * volatile field; a reset publishes a new generation, and a scan that started in an older one answers "unknown" when
 * it needs a transition built.
 */
final class ByteDfa {
  /** Scan result: the pattern certainly does not match. */
  static final int NO_MATCH = 0;
  /** Scan result: a string of the automaton's language occurs (a real match when {@link #exact()}). */
  static final int MATCH = 1;
  /** Scan result: undecided (a char above 0xFF, or too many transitions to build in one scan). */
  static final int UNKNOWN = 2;

  /** Table entries: a state's offset (> 0), or one of these. */
  private static final int UNBUILT = 0;
  private static final int ACCEPT = -1;
  private static final int GIVE_UP = -2;
  private static final int DEAD = -3;
  /**
   * Flag on an entry whose target state leaves itself on one byte only, and that byte is rare in text (not a letter,
   * digit or space): a scan there looks for the next occurrence of that byte without reading the table, e.g. for the
   * next newline in a pattern anchored at line starts. Offsets stay below it.
   */
  private static final int SKIP = 1 << 30;

  /**
   * Bounds on the construction.
   *
   * @param maxNfaStates largest NFA built; a larger pattern gets no automaton
   * @param maxRepeatStates most NFA states one counted repetition may expand to before it is widened
   * @param prebuiltStates states built at compile time: rows are built breadth-first while fewer states exist
   * @param prebuildWork most work spent building at compile time (NFA states visited by closures, subset members
   *     moved), so that the patterns whose automaton will not be complete anyway do not slow the loading down
   * @param maxStates most states in all (compile time and lazily built)
   * @param maxTableEntries most transition-table entries (states times classes); lowers {@code maxStates}
   * @param buildsPerScan most transitions one scan may build
   */
  record Limits(
      int maxNfaStates,
      int maxRepeatStates,
      int prebuiltStates,
      long prebuildWork,
      int maxStates,
      int maxTableEntries,
      int buildsPerScan) {
    static final Limits DEFAULT = new Limits(100_000, 20_000, 256, 200_000L, 4_096, 1 << 17, 64);
    /**
     * For the union of several patterns ({@link PatternUnion}): benign traffic visits more of its states than of
     * any one pattern's, and one union is scanned instead of each of its members.
     */
    static final Limits UNION = new Limits(100_000, 20_000, 16, 20_000L, 16_384, 1 << 20, 256);
    /**
     * For searching long bodies ({@link PatternUnion#forSearching}): a scan of 64 KB on a cold automaton needs more
     * transitions than a rule's value does.
     */
    static final Limits SEARCH = new Limits(100_000, 20_000, 256, 200_000L, 16_384, 1 << 20, 4_096);
  }

  /** The table and its generation (a new one after a reset). */
  private static final class Table {
    final int[] entries;
    final int generation;

    Table(int[] entries, int generation) {
      this.entries = entries;
      this.generation = generation;
    }
  }

  private final int[] classOf;
  private final int classCount;
  /** Columns per state: one per byte class, one for the end of the input, one for the byte a skip state waits for. */
  private final int width;
  private final int endColumn;
  private final int skipColumn;
  /** Start state's offset, or DEAD. */
  private final int start;
  private final boolean exact;
  private final int nfaStates;
  private final int prebuiltStates;
  private final int buildsPerScan;
  /** Null when the automaton is complete (frozen); else builds missing transitions, under its own lock. */
  private final Builder lazy;
  private volatile Table table;

  private ByteDfa(Builder builder, Table table, int start, boolean frozen, int prebuiltStates) {
    this.classOf = builder.classOf.clone();
    this.classCount = builder.classCount;
    this.width = builder.classCount + 2;
    this.endColumn = builder.classCount;
    this.skipColumn = builder.classCount + 1;
    this.start = start;
    this.exact = builder.nfa.exact;
    this.nfaStates = builder.nfa.size;
    this.prebuiltStates = prebuiltStates;
    this.buildsPerScan = builder.limits.buildsPerScan();
    this.lazy = frozen ? null : builder;
    this.table = table;
    if (!frozen) {
      builder.owner = this;
    }
  }

  /** Whether {@link #build} makes an automaton of {@code root} (its NFA is within the limit). */
  static boolean fits(RegexNode root, Limits limits) {
    return Nfa.of(root, limits) != null;
  }

  /** The automaton for a parsed pattern, or null when the pattern's NFA is over the limit. */
  static ByteDfa build(RegexNode root, Limits limits) {
    Nfa nfa = Nfa.of(root, limits);
    if (nfa == null) {
      return null;
    }
    return new Builder(nfa, limits).prebuild();
  }

  /** {@link #NO_MATCH}, {@link #MATCH} or {@link #UNKNOWN} for {@code input} (one char per byte). */
  int scan(String input) {
    int state = start;
    if (state < 0) {
      return NO_MATCH;
    }
    Table t = table;
    int[] entries = t.entries;
    final int[] classes = classOf;
    final int n = input.length();
    int builds = 0;
    int i = 0;
    if (state >= SKIP) {
      state -= SKIP;
      i = skip(input, entries[state + skipColumn], 0);
    }
    while (i < n) {
      char c = input.charAt(i++);
      if (c > 0xFF) {
        return UNKNOWN;
      }
      int next = entries[state + classes[c]];
      if (next - 1 >= SKIP - 1 || next <= 0) { // one unsigned compare would do; the JIT folds these
        if (next >= SKIP) {
          state = next - SKIP;
          i = skip(input, entries[state + skipColumn], i);
          continue;
        }
        if (next != UNBUILT) {
          return verdict(next);
        }
        if (++builds > buildsPerScan) {
          return UNKNOWN;
        }
        next = lazy.build(t, state, classes[c]);
        if (next < 0) {
          return verdict(next);
        }
        Table now = table;
        if (now.generation != t.generation) {
          return UNKNOWN; // the states were dropped meanwhile
        }
        t = now;
        entries = now.entries;
      }
      state = next;
    }
    int end = entries[state + endColumn];
    if (end == UNBUILT) {
      end = lazy.build(t, state, endColumn);
    }
    return verdict(end);
  }

  /** {@link #firstEnd} result: no match ends at or after the start. */
  static final int NO_END = -1;
  /** {@link #firstEnd} result: undecided (a char above 0xFF, or too many transitions to build in one scan). */
  static final int UNDECIDED_END = -2;

  /**
   * Like {@link #scan}, over bytes, from {@code from} as if the input started there, but returns where the scan
   * stopped: the index just past the byte on which the first match was recognised, which is the match's end or, when
   * the pattern ends with an assertion on the byte after, one past it; {@link #NO_END} or {@link #UNDECIDED_END}
   * otherwise.
   */
  int firstEnd(byte[] input, int from) {
    int state = start;
    if (state < 0) {
      return NO_END;
    }
    Table t = table;
    int[] entries = t.entries;
    final int[] classes = classOf;
    final int n = input.length;
    int builds = 0;
    int i = from;
    if (state >= SKIP) {
      state -= SKIP;
      i = skip(input, entries[state + skipColumn], from);
    }
    while (i < n) {
      int c = input[i++] & 0xFF;
      int next = entries[state + classes[c]];
      if (next - 1 >= SKIP - 1 || next <= 0) {
        if (next >= SKIP) {
          state = next - SKIP;
          i = skip(input, entries[state + skipColumn], i);
          continue;
        }
        if (next != UNBUILT) {
          return end(next, i);
        }
        if (++builds > buildsPerScan) {
          return UNDECIDED_END;
        }
        next = lazy.build(t, state, classes[c]);
        if (next < 0) {
          return end(next, i);
        }
        Table now = table;
        if (now.generation != t.generation) {
          return UNDECIDED_END;
        }
        t = now;
        entries = now.entries;
      }
      state = next;
    }
    int last = entries[state + endColumn];
    if (last == UNBUILT) {
      last = lazy.build(t, state, endColumn);
    }
    return end(last, n);
  }

  private static int skip(byte[] input, int b, int from) {
    int i = from;
    while (i < input.length && (input[i] & 0xFF) != b) {
      i++;
    }
    return i;
  }

  private static int end(int entry, int at) {
    return entry == ACCEPT ? at : entry == DEAD ? NO_END : UNDECIDED_END;
  }

  /**
   * Where the next {@code b}, or the next char above 0xFF, is at or after {@code from}; else the end of the input.
   * A tight loop without table reads (several times faster than the automaton's); it stops at chars above 0xFF so
   * that the automaton answers "unknown" there.
   */
  private static int skip(String input, int b, int from) {
    int n = input.length();
    int i = from;
    while (i < n) {
      char c = input.charAt(i);
      if (c == b || c > 0xFF) {
        return i;
      }
      i++;
    }
    return n;
  }

  private static int verdict(int entry) {
    return entry == DEAD ? NO_MATCH : entry == ACCEPT ? MATCH : UNKNOWN;
  }

  /** Whether the pattern may match {@code input}: false is certain. */
  boolean mayMatch(String input) {
    return scan(input) != NO_MATCH;
  }

  /** Whether nothing was widened: then {@link #MATCH} means the pattern matches. */
  boolean exact() {
    return exact;
  }

  /** Whether every reachable state was built at compile time (the automaton never changes). */
  boolean complete() {
    return lazy == null;
  }

  /** States built so far (for a complete automaton: its live states). */
  int stateCount() {
    Builder builder = lazy;
    if (builder == null) {
      return table.entries.length / width - 1;
    }
    synchronized (builder) {
      return builder.stateCount();
    }
  }

  /** States built at compile time. */
  int prebuiltStateCount() {
    return prebuiltStates;
  }

  int classCount() {
    return classCount;
  }

  int nfaStateCount() {
    return nfaStates;
  }

  /** Times the lazily built states were dropped because there were too many. */
  int resetCount() {
    Builder builder = lazy;
    return builder == null ? 0 : table.generation;
  }

  /** Bytes held by the transition table. */
  long tableBytes() {
    return 4L * table.entries.length + 4L * classOf.length;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Contexts: what an assertion between two bytes can see.

  /** Kinds of the byte before a position. */
  private static final int PREV_START = 0;
  private static final int PREV_NEWLINE = 1;
  private static final int PREV_WORD = 2;
  private static final int PREV_OTHER = 3;
  /** Kinds of the byte after a position (the same numbers for the same kinds of byte). */
  private static final int NEXT_END = 0;
  private static final int NEXT_NEWLINE = 1;
  private static final int NEXT_WORD = 2;
  private static final int NEXT_OTHER = 3;

  private static final ByteSet WORD = wordSet();
  private static final ByteSet NEWLINE = ByteSet.of('\n', '\n');

  /** Whether an assertion holds between a byte of kind {@code prev} and one of kind {@code next}. */
  private static boolean holds(Assertion.Kind kind, int prev, int next) {
    return switch (kind) {
      case INPUT_START -> prev == PREV_START;
      case LINE_START -> prev == PREV_START || (prev == PREV_NEWLINE && next != NEXT_END);
      case LINE_END -> next == NEXT_END || next == NEXT_NEWLINE;
      case INPUT_END -> next == NEXT_END;
      // Widened: PCRE's \Z holds before a final newline only.
      case INPUT_END_OR_FINAL_NEWLINE -> next == NEXT_END || next == NEXT_NEWLINE;
      case WORD_BOUNDARY -> (prev == PREV_WORD) != (next == NEXT_WORD);
      case NOT_WORD_BOUNDARY -> (prev == PREV_WORD) == (next == NEXT_WORD);
      case MATCH_START -> true; // widened (never compiled into the NFA)
    };
  }

  private static int kindOfByte(int b) {
    return b == '\n' ? PREV_NEWLINE : WORD.contains(b) ? PREV_WORD : PREV_OTHER;
  }

  private static ByteSet wordSet() {
    ByteSet set = ByteSet.of('0', '9');
    set.addRange('A', 'Z');
    set.addRange('a', 'z');
    set.add('_');
    return set;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The NFA

  /** A Thompson NFA, built backwards (each node is compiled knowing its continuation). */
  private static final class Nfa {
    static final byte CHAR = 0;
    static final byte SPLIT = 1;
    static final byte ASSERT = 2;
    static final byte FINAL = 3;

    private static final int[] NO_OUTS = new int[0];

    /** Thrown when the NFA grows past its limit. */
    private static final class TooLarge extends RuntimeException {
      private static final long serialVersionUID = 1L;

      TooLarge() {
        super(null, null, false, false);
      }
    }

    final Limits limits;
    byte[] kind = new byte[64];
    /** CHAR, ASSERT: the next state. */
    int[] next = new int[64];
    /** SPLIT: the successors. */
    int[][] outs = new int[64][];
    /** CHAR: the bytes. */
    ByteSet[] sets = new ByteSet[64];
    /** ASSERT: the assertion. */
    Assertion.Kind[] assertions = new Assertion.Kind[64];
    int size;
    /** Whether no construct was widened. */
    boolean exact = true;
    /** The state the search starts in: a loop over any byte, or the pattern. */
    int searchStart;
    /** The byte-loop state of the search prefix (a CHAR state). */
    int searchLoop;
    final Set<Assertion.Kind> assertionKinds = EnumSet.noneOf(Assertion.Kind.class);
    private final Map<RegexNode, Long> sizes = new IdentityHashMap<>();
    private final ByteSet[] literalSets = new ByteSet[512];

    private Nfa(Limits limits) {
      this.limits = limits;
    }

    static Nfa of(RegexNode root, Limits limits) {
      Nfa nfa = new Nfa(limits);
      try {
        int accept = nfa.add(FINAL);
        int pattern = nfa.compile(root, accept);
        // Search prefix: start -> (any byte -> start) | pattern.
        int start = nfa.add(SPLIT);
        int loop = nfa.addChar(ByteSet.all(), start);
        nfa.outs[start] = new int[] {loop, pattern};
        nfa.searchStart = start;
        nfa.searchLoop = loop;
        return nfa;
      } catch (TooLarge e) {
        return null;
      }
    }

    private int add(byte k) {
      if (size >= limits.maxNfaStates()) {
        throw new TooLarge();
      }
      if (size == kind.length) {
        int n = size * 2;
        kind = Arrays.copyOf(kind, n);
        next = Arrays.copyOf(next, n);
        outs = Arrays.copyOf(outs, n);
        sets = Arrays.copyOf(sets, n);
        assertions = Arrays.copyOf(assertions, n);
      }
      kind[size] = k;
      next[size] = -1;
      outs[size] = NO_OUTS;
      return size++;
    }

    private int addChar(ByteSet set, int to) {
      int s = add(CHAR);
      sets[s] = set;
      next[s] = to;
      return s;
    }

    /** The bytes of a literal; one shared instance per byte and case mode (classes are computed per distinct set). */
    private ByteSet literalSet(Literal lit) {
      int value = lit.value();
      boolean folded = lit.caseless() && ((value | 0x20) >= 'a' && (value | 0x20) <= 'z');
      int index = value * 2 + (folded ? 1 : 0);
      ByteSet set = literalSets[index];
      if (set == null) {
        set = ByteSet.of(value, value);
        if (folded) {
          set.add(value ^ 0x20);
        }
        literalSets[index] = set;
      }
      return set;
    }

    private int addSplit(int... targets) {
      int s = add(SPLIT);
      outs[s] = targets;
      return s;
    }

    /** Compiles {@code node} so that it continues to {@code then}; returns its entry state. */
    private int compile(RegexNode node, int then) {
      if (node instanceof Literal lit) {
        return addChar(literalSet(lit), then);
      } else if (node instanceof CharClass cls) {
        return addChar(cls.set(), then);
      } else if (node instanceof Assertion a) {
        if (a.kind() == Assertion.Kind.MATCH_START) {
          exact = false;
          return then;
        }
        if (a.kind() == Assertion.Kind.INPUT_END_OR_FINAL_NEWLINE) {
          exact = false;
        }
        assertionKinds.add(a.kind());
        int s = add(ASSERT);
        assertions[s] = a.kind();
        next[s] = then;
        return s;
      } else if (node instanceof Group g) {
        return compile(g.body(), then);
      } else if (node instanceof Atomic a) {
        exact = false;
        return compile(a.body(), then);
      } else if (node instanceof Look) {
        exact = false;
        return then;
      } else if (node instanceof BackReference) {
        exact = false;
        int loop = addSplit();
        int any = addChar(ByteSet.all(), loop);
        outs[loop] = new int[] {any, then};
        return loop;
      } else if (node instanceof Concat c) {
        List<RegexNode> items = c.items();
        int entry = then;
        for (int i = items.size() - 1; i >= 0; i--) {
          entry = compile(items.get(i), entry);
        }
        return entry;
      } else if (node instanceof Alternation alt) {
        List<RegexNode> branches = alt.branches();
        int[] entries = new int[branches.size()];
        for (int i = 0; i < entries.length; i++) {
          entries[i] = compile(branches.get(i), then);
        }
        return addSplit(entries);
      } else if (node instanceof Repeat r) {
        return repeat(r, then);
      }
      throw new IllegalStateException("unknown node " + node);
    }

    private int repeat(Repeat r, int then) {
      if (r.mode() == Repeat.Mode.POSSESSIVE) {
        exact = false;
      }
      int[] plan = plan(r, size(r.body()));
      if (plan[3] != 0) {
        exact = false;
      }
      int mandatory = plan[0];
      int optional = plan[1];
      boolean loop = plan[2] != 0;
      int entry = then;
      if (loop) {
        int split = addSplit();
        int body = compile(r.body(), split);
        outs[split] = new int[] {body, then};
        entry = split;
      } else {
        for (int i = 0; i < optional; i++) {
          int body = compile(r.body(), entry);
          entry = addSplit(body, then);
        }
      }
      for (int i = 0; i < mandatory; i++) {
        entry = compile(r.body(), entry);
      }
      return entry;
    }

    /**
     * How a repetition is expanded: {mandatory copies, optional copies, 1 if an unbounded loop follows, 1 if
     * widened}, within {@link Limits#maxRepeatStates()}.
     */
    private int[] plan(Repeat r, long bodySize) {
      int min = r.min();
      int max = r.max();
      if (max == 0) {
        return new int[] {0, 0, 0, 0};
      }
      long budget = limits.maxRepeatStates();
      long cost = max < 0 ? (min + 1L) * bodySize + 1 : max * bodySize + (max - min);
      if (cost <= budget) {
        return max < 0 ? new int[] {min, 0, 1, 0} : new int[] {min, max - min, 0, 0};
      }
      // Widen to {k,} with as many mandatory copies as fit (k <= min): a superset.
      long copies = Math.max(0, budget / Math.max(1, bodySize) - 1);
      return new int[] {(int) Math.min(min, copies), 0, 1, 1};
    }

    /** The number of states {@link #compile} creates for a node (saturating), memoised per repetition. */
    private long size(RegexNode node) {
      Long known = node instanceof Repeat ? sizes.get(node) : null;
      if (known != null) {
        return known;
      }
      long n;
      if (node instanceof Literal || node instanceof CharClass || node instanceof Assertion) {
        n = 1;
      } else if (node instanceof Group g) {
        n = size(g.body());
      } else if (node instanceof Atomic a) {
        n = size(a.body());
      } else if (node instanceof Look) {
        n = 0;
      } else if (node instanceof BackReference) {
        n = 2;
      } else if (node instanceof Concat c) {
        n = 0;
        for (RegexNode item : c.items()) {
          n = Math.min(Long.MAX_VALUE / 4, n + size(item));
        }
      } else if (node instanceof Alternation alt) {
        n = 1;
        for (RegexNode branch : alt.branches()) {
          n = Math.min(Long.MAX_VALUE / 4, n + size(branch));
        }
      } else if (node instanceof Repeat r) {
        long body = size(r.body());
        int[] plan = plan(r, body);
        long copies = plan[0] + plan[1] + plan[2];
        n = Math.min(Long.MAX_VALUE / 4, copies * body + plan[1] + plan[2]);
      } else {
        throw new IllegalStateException("unknown node " + node);
      }
      if (node instanceof Repeat) {
        sizes.put(node, n);
      }
      return n;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Subset construction

  /**
   * A DFA state: a subset of NFA states, as the moves of the search loop's closure on the last byte (interned, often
   * large, shared by many states: {@code base}) plus the other states ({@code rest}, sorted, none of them in the
   * base); without the search start itself, which every subset holds; and the kind of the byte before.
   */
  private static final class Key {
    final int base;
    final int[] rest;
    final int prev;
    final int hash;

    Key(int base, int[] rest, int prev) {
      this.base = base;
      this.rest = rest;
      this.prev = prev;
      this.hash = (Arrays.hashCode(rest) * 31 + prev) * 31 + base;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && k.base == base && k.prev == prev && Arrays.equals(k.rest, rest);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** What a base set leads to in one context: whether its closure accepts, and its moves per class. */
  private record BaseClosure(boolean accepts, int[][] moves) {}

  /**
   * Builds states and transitions: at compile time breadth-first, afterwards (for an incomplete automaton) one
   * transition at a time when a scan needs it, holding this object's lock.
   */
  private static final class Builder {
    final Nfa nfa;
    final Limits limits;
    private final int n;
    final int[] classOf = new int[256];
    int classCount;
    private int width;
    /** Per CHAR state: its classes. */
    private final int[][] classesOf;
    /** Per class: one of its bytes, and the kind it has as the byte after / before a position. */
    private int[] representative;
    private int[] nextKindOfClass;
    private int[] prevKindOfClass;
    private boolean usesContext;
    /** Prev kinds that no assertion of the pattern tells apart map to one representative. */
    private final int[] prevRepresentative = new int[4];
    /** Whether the search loop alone, once past the first byte, can never reach a match. */
    private boolean inertStart;

    /** Per context (prev * 4 + next): CHAR states in the closure of the search start, and its moves per class. */
    private final int[][] startClosure = new int[16][];
    private final boolean[] startAccepts = new boolean[16];
    private final boolean[][] inStartClosure = new boolean[16][];
    /** Per context and class: the id of the (interned) base set the search loop's closure moves to. */
    private final int[][] startMoves = new int[16][];
    /** Interned base sets, and per base set and context its closure's acceptance and moves (built when needed). */
    private final List<int[]> bases = new ArrayList<>();
    private final Map<IntArray, Integer> baseIds = new HashMap<>();
    private final List<BaseClosure[]> baseClosures = new ArrayList<>();

    private final int[] mark;
    private int stamp;
    private int[] stack = new int[64];
    private final IntList closure = new IntList();
    private final IntList bucket = new IntList();
    /** Work done so far: NFA states visited by closures, states moved. */
    private long work;

    /** States by id (id 0 is no state: offset 0 stays free, so that an entry 0 can mean "unbuilt"). */
    private final List<Key> keys = new ArrayList<>();
    private Map<Key, Integer> ids = new HashMap<>();
    private int[] entries;
    private int generation;
    private int maxStates;
    /** The automaton whose table this builder extends (null while prebuilding). */
    ByteDfa owner;

    Builder(Nfa nfa, Limits limits) {
      this.nfa = nfa;
      this.limits = limits;
      this.n = nfa.size;
      this.mark = new int[n];
      this.classesOf = new int[n][];
    }

    int stateCount() {
      return keys.size() - 1;
    }

    ByteDfa prebuild() {
      partition();
      contexts();
      width = classCount + 2; // classes, end of input, skip byte
      maxStates = Math.max(4, Math.min(limits.maxStates(), limits.maxTableEntries() / width - 1));
      entries = new int[width * 16];
      keys.add(null);
      int start = stateFor(new Key(intern(new int[0]), new int[0], prevRepresentative[PREV_START]));
      int next = 1;
      // A row adds at most classCount states: the prebuilt ones never fill the table.
      int room = Math.min(limits.prebuiltStates(), maxStates - classCount);
      while (next < keys.size() && keys.size() - 1 <= room && work < limits.prebuildWork()) {
        expandRow(next++);
      }
      if (next == keys.size()) {
        return freeze(start);
      }
      return new ByteDfa(this, new Table(entries, 0), start, false, keys.size() - 1);
    }

    /** Builds the entry of state {@code offset} for column {@code column}, as seen in {@code seen}; a scan's path. */
    synchronized int build(Table seen, int offset, int column) {
      if (seen.generation != generation) {
        return GIVE_UP; // the state belongs to a generation dropped since
      }
      int existing = entries[offset + column];
      if (existing != UNBUILT) {
        return existing;
      }
      int id = offset / width;
      int value = column == classCount ? endEntry(id) : entry(id, column);
      if (seen.generation != generation) {
        return GIVE_UP; // reset while building: the entry belongs to the dropped generation
      }
      entries[offset + column] = value;
      return value;
    }

    /** Builds every entry of a state's row (a closure per kind of next byte, shared by its classes). */
    private void expandRow(int id) {
      Key key = keys.get(id);
      int row = id * width;
      int end = endEntry(id);
      entries[row + classCount] = end;
      for (int nextKind = NEXT_NEWLINE; nextKind <= NEXT_OTHER; nextKind++) {
        if (!usesContext && nextKind != NEXT_OTHER) {
          continue;
        }
        int ctx = key.prev * 4 + nextKind;
        BaseClosure base = baseClosure(key.base, ctx);
        boolean accepts = startAccepts[ctx] || base.accepts() || closure(key.rest, ctx);
        for (int c = 0; c < classCount; c++) {
          if (usesContext && nextKindOfClass[c] != nextKind) {
            continue;
          }
          int value = accepts ? ACCEPT : move(base, ctx, c); // may grow (replace) the table
          entries[row + c] = value;
        }
      }
    }

    /** The entry for the end of the input. */
    private int endEntry(int id) {
      Key key = keys.get(id);
      int ctx = key.prev * 4 + NEXT_END;
      return startAccepts[ctx] || baseClosure(key.base, ctx).accepts() || closure(key.rest, ctx) ? ACCEPT : DEAD;
    }

    /** The entry for a byte of class {@code c}. */
    private int entry(int id, int c) {
      Key key = keys.get(id);
      int ctx = key.prev * 4 + (usesContext ? nextKindOfClass[c] : NEXT_OTHER);
      BaseClosure base = baseClosure(key.base, ctx);
      if (startAccepts[ctx] || base.accepts() || closure(key.rest, ctx)) {
        return ACCEPT;
      }
      return move(base, ctx, c);
    }

    /**
     * The state after a byte of class {@code c}: the search loop's moves (the new base), the moves of the current
     * base, and those of the rest's closure just computed into {@link #closure}.
     */
    private int move(BaseClosure base, int ctx, int c) {
      bucket.size = 0;
      int b = representative[c];
      for (int i = 0; i < closure.size; i++) {
        int q = closure.items[i];
        if (nfa.sets[q].contains(b)) {
          bucket.add(nfa.next[q]);
        }
      }
      work += closure.size;
      int newBase = startMoves(ctx)[c];
      int[] rest = rest(base.moves()[c], bucket.items, bucket.size, bases.get(newBase));
      int prev = usesContext ? prevRepresentative[prevKindOfClass[c]] : PREV_OTHER;
      return stateFor(new Key(newBase, rest, prev));
    }

    /** The offset of the state with this key, created if new; DEAD when it certainly cannot match; GIVE_UP. */
    private int stateFor(Key key) {
      if (inertStart && key.rest.length == 0 && bases.get(key.base).length == 0
          && key.prev != prevRepresentative[PREV_START]) {
        return DEAD;
      }
      Integer known = ids.get(key);
      if (known != null) {
        return known * width;
      }
      if (keys.size() > maxStates) {
        reset();
        return GIVE_UP;
      }
      int id = keys.size();
      keys.add(key);
      ids.put(key, id);
      int needed = (id + 1) * width;
      if (needed > entries.length) {
        entries = Arrays.copyOf(entries, Math.max(needed, Math.min(entries.length * 2, (maxStates + 1) * width)));
        if (owner != null) {
          owner.table = new Table(entries, generation);
        }
      }
      return id * width;
    }

    /** Drops every state but the start state (id 1), in a new generation. */
    private void reset() {
      if (owner == null) {
        throw new IllegalStateException("no room left while prebuilding");
      }
      generation++;
      Key start = keys.get(1);
      keys.subList(2, keys.size()).clear();
      ids = new HashMap<>();
      ids.put(start, 1);
      entries = new int[16 * width];
      owner.table = new Table(entries, generation);
    }

    /**
     * A complete automaton: drops the states that reach no acceptance, renumbers, and marks the entries leading to
     * states that wait for one rare byte ({@link #SKIP}).
     */
    private ByteDfa freeze(int start) {
      int count = keys.size();
      int columns = classCount + 1; // classes and end of input
      boolean[] live = new boolean[count];
      int[][] preds = new int[count][];
      int[] predCount = new int[count];
      ArrayDeque<Integer> work = new ArrayDeque<>();
      for (int s = 1; s < count; s++) {
        for (int c = 0; c < columns; c++) {
          int t = entries[s * width + c];
          if (t == ACCEPT || t == GIVE_UP) {
            if (!live[s]) {
              live[s] = true;
              work.add(s);
            }
          } else if (t > 0) {
            int target = t / width;
            if (preds[target] == null) {
              preds[target] = new int[4];
            } else if (predCount[target] == preds[target].length) {
              preds[target] = Arrays.copyOf(preds[target], predCount[target] * 2);
            }
            preds[target][predCount[target]++] = s;
          }
        }
      }
      while (!work.isEmpty()) {
        int s = work.poll();
        for (int i = 0; i < predCount[s]; i++) {
          int p = preds[s][i];
          if (!live[p]) {
            live[p] = true;
            work.add(p);
          }
        }
      }
      int[] newId = new int[count];
      int kept = 0;
      for (int s = 1; s < count; s++) {
        newId[s] = live[s] ? ++kept : -1;
      }
      int[] compact = new int[(kept + 1) * width];
      for (int s = 1; s < count; s++) {
        if (!live[s]) {
          continue;
        }
        int row = newId[s] * width;
        for (int c = 0; c < columns; c++) {
          int t = entries[s * width + c];
          compact[row + c] = t > 0 ? (live[t / width] ? newId[t / width] * width : DEAD) : t;
        }
      }
      // Skip states: every class but one (of one rare byte) loops back.
      boolean[] skips = new boolean[kept + 1];
      for (int s = 1; s <= kept; s++) {
        int row = s * width;
        int exit = -1;
        for (int c = 0; c < classCount && exit != -2; c++) {
          if (compact[row + c] != row) {
            exit = exit == -1 ? c : -2;
          }
        }
        int b = exit >= 0 ? singleByte(exit) : -1;
        if (b >= 0 && !WORD.contains(b) && b != ' ') {
          skips[s] = true;
          compact[row + classCount + 1] = b;
        }
      }
      for (int i = 0; i < compact.length; i++) {
        int t = compact[i];
        if (i % width <= classCount && t > 0 && skips[t / width]) {
          compact[i] = t + SKIP;
        }
      }
      int startOffset = DEAD;
      if (start > 0 && live[start / width]) {
        int id = newId[start / width];
        startOffset = id * width + (skips[id] ? SKIP : 0);
      }
      return new ByteDfa(this, new Table(compact, 0), startOffset, true, kept);
    }

    /** The one byte of class {@code c}, or -1 when it has several. */
    private int singleByte(int c) {
      int found = -1;
      for (int b = 0; b < 256; b++) {
        if (classOf[b] == c) {
          if (found >= 0) {
            return -1;
          }
          found = b;
        }
      }
      return found;
    }

    /**
     * The sorted union of a sorted array and an unsorted bucket, without duplicates, without the search start and
     * without the members of {@code base} (sorted).
     */
    private int[] rest(int[] sorted, int[] bucket, int size, int[] base) {
      int[] all = Arrays.copyOf(sorted, sorted.length + size);
      System.arraycopy(bucket, 0, all, sorted.length, size);
      if (size > 0) {
        Arrays.sort(all);
      }
      int out = 0;
      int searchStart = nfa.searchStart;
      for (int i = 0; i < all.length; i++) {
        int s = all[i];
        if (s == searchStart || (out > 0 && all[out - 1] == s) || Arrays.binarySearch(base, s) >= 0) {
          continue;
        }
        all[out++] = s;
      }
      return out == all.length ? all : Arrays.copyOf(all, out);
    }

    /** The id of a base set (sorted, without duplicates). */
    private int intern(int[] set) {
      IntArray key = new IntArray(set);
      Integer id = baseIds.get(key);
      if (id == null) {
        id = bases.size();
        bases.add(set);
        baseIds.put(key, id);
        baseClosures.add(new BaseClosure[16]);
      }
      return id;
    }

    /** The closure of base set {@code id} in context {@code ctx}: its acceptance and its moves (computed once). */
    private BaseClosure baseClosure(int id, int ctx) {
      BaseClosure[] perContext = baseClosures.get(id);
      BaseClosure known = perContext[ctx];
      if (known != null) {
        return known;
      }
      IntList reached = new IntList();
      boolean accepts = explore(bases.get(id), ctx, inStartClosure[ctx], reached);
      BaseClosure result = new BaseClosure(accepts, movesPerClass(reached));
      perContext[ctx] = result;
      return result;
    }

    /** The targets of some CHAR states per class, each sorted without duplicates. */
    private int[][] movesPerClass(IntList states) {
      IntList[] lists = new IntList[classCount];
      for (int i = 0; i < states.size; i++) {
        int q = states.items[i];
        for (int c : classesOf[q]) {
          if (lists[c] == null) {
            lists[c] = new IntList();
          }
          lists[c].add(nfa.next[q]);
        }
      }
      int[][] moves = new int[classCount][];
      for (int c = 0; c < classCount; c++) {
        if (lists[c] == null) {
          moves[c] = NONE;
          continue;
        }
        int[] m = lists[c].toArray();
        Arrays.sort(m);
        int out = 0;
        for (int i = 0; i < m.length; i++) {
          if (out == 0 || m[out - 1] != m[i]) {
            m[out++] = m[i];
          }
        }
        moves[c] = Arrays.copyOf(m, out);
      }
      return moves;
    }

    /**
     * The CHAR states reachable from {@code seeds} in context {@code ctx}, apart from those the search start reaches
     * anyway, into {@link #closure}; whether the final state is reachable.
     */
    private boolean closure(int[] seeds, int ctx) {
      closure.size = 0;
      return explore(seeds, ctx, inStartClosure[ctx], closure);
    }

    private boolean explore(int[] seeds, int ctx, boolean[] skip, IntList out) {
      int prev = ctx >> 2;
      int next = ctx & 3;
      stamp++;
      int top = 0;
      boolean accepts = false;
      for (int s : seeds) {
        if ((skip == null || !skip[s]) && mark[s] != stamp) {
          mark[s] = stamp;
          stack = push(stack, top++, s);
        }
      }
      work += top;
      while (top > 0) {
        int s = stack[--top];
        work++;
        switch (nfa.kind[s]) {
          case Nfa.CHAR -> out.add(s);
          case Nfa.FINAL -> accepts = true;
          case Nfa.SPLIT -> {
            for (int t : nfa.outs[s]) {
              if ((skip == null || !skip[t]) && mark[t] != stamp) {
                mark[t] = stamp;
                stack = push(stack, top++, t);
              }
            }
          }
          default -> {
            int t = nfa.next[s];
            if (holds(nfa.assertions[s], prev, next) && (skip == null || !skip[t]) && mark[t] != stamp) {
              mark[t] = stamp;
              stack = push(stack, top++, t);
            }
          }
        }
      }
      return accepts;
    }

    private static int[] push(int[] stack, int at, int value) {
      if (at == stack.length) {
        stack = Arrays.copyOf(stack, at * 2);
      }
      stack[at] = value;
      return stack;
    }

    /** The search start's closure per context, the prev-kind representatives, whether the start is inert. */
    private void contexts() {
      usesContext = !nfa.assertionKinds.isEmpty();
      for (int prev = 0; prev < 4; prev++) {
        prevRepresentative[prev] = prev;
        for (int other = 0; other < prev; other++) {
          if (sameSignature(prev, other)) {
            prevRepresentative[prev] = other;
            break;
          }
        }
      }
      if (!usesContext) {
        Arrays.fill(prevRepresentative, PREV_OTHER);
      }
      for (int ctx = 0; ctx < 16; ctx++) {
        if (!usesContext && ctx > 0) {
          // No assertion: every context has the same closure.
          startAccepts[ctx] = startAccepts[0];
          startClosure[ctx] = startClosure[0];
          inStartClosure[ctx] = inStartClosure[0];
          continue;
        }
        IntList out = new IntList();
        startAccepts[ctx] = explore(new int[] {nfa.searchStart}, ctx, null, out);
        startClosure[ctx] = out.toArray();
        // Every state this closure went through (not only CHAR states) is skipped by later closures.
        boolean[] in = new boolean[n];
        for (int s = 0; s < n; s++) {
          in[s] = mark[s] == stamp;
        }
        inStartClosure[ctx] = in;
      }
      inertStart = true;
      for (int prev = PREV_NEWLINE; prev <= PREV_OTHER && inertStart; prev++) {
        if (prevRepresentative[prev] == prevRepresentative[PREV_START]) {
          inertStart = false;
          break;
        }
        for (int next = 0; next < 4; next++) {
          int ctx = prevRepresentative[prev] * 4 + next;
          if (startAccepts[ctx] || startClosure[ctx].length != 1) {
            inertStart = false; // more than the search loop
            break;
          }
        }
      }
    }

    private boolean sameSignature(int a, int b) {
      for (Assertion.Kind kind : nfa.assertionKinds) {
        for (int next = 0; next < 4; next++) {
          if (holds(kind, a, next) != holds(kind, b, next)) {
            return false;
          }
        }
      }
      return true;
    }

    /** Per class, the base set the search start's closure moves to in context {@code ctx} (computed once). */
    private int[] startMoves(int ctx) {
      int[] moves = startMoves[ctx];
      if (moves != null) {
        return moves;
      }
      IntList reached = new IntList();
      for (int q : startClosure[ctx]) {
        reached.add(q);
      }
      int[][] perClass = movesPerClass(reached);
      moves = new int[classCount];
      for (int c = 0; c < classCount; c++) {
        int[] set = perClass[c];
        int at = Arrays.binarySearch(set, nfa.searchStart);
        if (at >= 0) {
          int[] without = new int[set.length - 1];
          System.arraycopy(set, 0, without, 0, at);
          System.arraycopy(set, at + 1, without, at, set.length - at - 1);
          set = without;
        }
        moves[c] = intern(set);
      }
      startMoves[ctx] = moves;
      return moves;
    }

    /** Byte classes: bytes that every set of the pattern (and every assertion) treats alike. */
    private void partition() {
      Set<ByteSet> sets = new LinkedHashSet<>();
      for (int s = 0; s < n; s++) {
        if (nfa.kind[s] == Nfa.CHAR) {
          sets.add(nfa.sets[s]);
        }
      }
      if (!nfa.assertionKinds.isEmpty()) {
        sets.add(WORD);
        sets.add(NEWLINE);
      }
      classCount = 1;
      int[] remap = new int[512];
      for (ByteSet set : sets) {
        Arrays.fill(remap, 0, classCount * 2, -1);
        int count = 0;
        for (int b = 0; b < 256; b++) {
          int k = classOf[b] * 2 + (set.contains(b) ? 1 : 0);
          if (remap[k] < 0) {
            remap[k] = count++;
          }
          classOf[b] = remap[k];
        }
        classCount = count;
      }
      representative = new int[classCount];
      nextKindOfClass = new int[classCount];
      prevKindOfClass = new int[classCount];
      for (int b = 255; b >= 0; b--) {
        int kind = kindOfByte(b);
        representative[classOf[b]] = b;
        prevKindOfClass[classOf[b]] = kind;
        nextKindOfClass[classOf[b]] = kind; // the same numbers: NEWLINE 1, WORD 2, OTHER 3
      }
      Map<ByteSet, int[]> classLists = new HashMap<>();
      for (int s = 0; s < n; s++) {
        if (nfa.kind[s] != Nfa.CHAR) {
          continue;
        }
        classesOf[s] = classLists.computeIfAbsent(nfa.sets[s], set -> {
          boolean[] seen = new boolean[classCount];
          IntList list = new IntList();
          for (int b = 0; b < 256; b++) {
            if (set.contains(b) && !seen[classOf[b]]) {
              seen[classOf[b]] = true;
              list.add(classOf[b]);
            }
          }
          return list.toArray();
        });
      }
    }
  }

  private static final int[] NONE = new int[0];

  /** An int array as a map key. */
  private record IntArray(int[] values) {
    @Override
    public boolean equals(Object o) {
      return o instanceof IntArray other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }
  }

  /** A growable int list. */
  private static final class IntList {
    int[] items = new int[16];
    int size;

    void add(int value) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = value;
    }

    int[] toArray() {
      return Arrays.copyOf(items, size);
    }
  }
}
