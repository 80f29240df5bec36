package io.meshward.waf.regex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * An Aho-Corasick automaton over byte strings (one char per byte, 0-255) that ignores ASCII case only, as PCRE's
 * C-locale folding and Coraza's {@code @pm} do: bytes 0x80-0xFF match only themselves.
 *
 * <p>Small dictionaries get a full transition table over a compressed alphabet (one array read per input byte);
 * large ones (such as CRS's 1,800-phrase {@code php-errors.data}) keep sparse goto transitions and failure links,
 * whose cost is still amortised constant per input byte. Immutable and thread-safe.
 *
 * <p>We wrote our own rather than use {@code org.ahocorasick:ahocorasick}: that library folds case with
 * {@code Character.toLowerCase}, which on Latin-1 chars also folds bytes 0xC0-0xDE onto 0xE0-0xFE (wrong for
 * bytes), boxes every transition in a {@code HashMap<Character, State>}, allocates a list of all emits per search,
 * and has no leftmost-longest iteration.
 */
public final class AhoCorasick {
  /** Largest dense table, in entries (4 bytes each). */
  private static final int MAX_DENSE_ENTRIES = 1 << 18;

  private final int[] classOf = new int[256];
  private final int classCount;
  private final int stateCount;
  private final int[] depth;
  /** Length of the longest phrase that is a suffix of the state's string, 0 for none. */
  private final int[] longestOutput;
  private final int[] fail;
  /** Dense mode: next state for (state, class), failures resolved. Null in sparse mode. */
  private final int[] table;
  /** Sparse mode: goto edges in CSR form, by state, sorted by class. */
  private final int[] edgeStart;
  private final int[] edgeClass;
  private final int[] edgeTarget;
  private final int[] rootNext;
  private final int phraseCount;
  private final int minLength;

  private AhoCorasick(Collection<String> phrases) {
    // Alphabet: one class per distinct folded byte used by a phrase, class 0 for every other byte.
    int classes = 1;
    int[] folded = new int[256];
    Arrays.fill(folded, -1);
    for (String phrase : phrases) {
      for (int i = 0; i < phrase.length(); i++) {
        int b = fold(phrase.charAt(i));
        if (folded[b] < 0) {
          folded[b] = classes++;
        }
      }
    }
    for (int b = 0; b < 256; b++) {
      classOf[b] = Math.max(0, folded[fold(b)]);
    }
    classCount = classes;

    // Trie.
    List<int[]> children = new ArrayList<>(); // per state: child by class (sparse as growable maps)
    List<Integer> depths = new ArrayList<>();
    List<Integer> terminal = new ArrayList<>();
    children.add(new int[0]);
    depths.add(0);
    terminal.add(0);
    int count = 0;
    int min = Integer.MAX_VALUE;
    for (String phrase : phrases) {
      if (phrase.isEmpty()) {
        continue;
      }
      count++;
      min = Math.min(min, phrase.length());
      int state = 0;
      for (int i = 0; i < phrase.length(); i++) {
        int cls = classOf[phrase.charAt(i) & 0xFF];
        int next = child(children.get(state), cls);
        if (next < 0) {
          next = children.size();
          children.add(new int[0]);
          depths.add(i + 1);
          terminal.add(0);
          children.set(state, addChild(children.get(state), cls, next));
        }
        state = next;
      }
      terminal.set(state, phrase.length());
    }
    phraseCount = count;
    minLength = count == 0 ? 0 : min;
    stateCount = children.size();
    depth = new int[stateCount];
    longestOutput = new int[stateCount];
    fail = new int[stateCount];
    for (int s = 0; s < stateCount; s++) {
      depth[s] = depths.get(s);
      longestOutput[s] = terminal.get(s);
    }

    // Failure links and outputs, breadth first.
    int[] order = new int[stateCount];
    int head = 0;
    int tail = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(0);
    while (!queue.isEmpty()) {
      int s = queue.poll();
      order[tail++] = s;
      int[] kids = children.get(s);
      for (int k = 0; k < kids.length; k += 2) {
        int cls = kids[k];
        int t = kids[k + 1];
        if (s == 0) {
          fail[t] = 0;
        } else {
          int f = fail[s];
          while (f != 0 && child(children.get(f), cls) < 0) {
            f = fail[f];
          }
          int g = child(children.get(f), cls);
          fail[t] = g >= 0 && g != t ? g : 0;
        }
        if (longestOutput[t] == 0) {
          longestOutput[t] = longestOutput[fail[t]];
        }
        queue.add(t);
      }
    }
    head = tail;

    rootNext = new int[classCount];
    int[] rootKids = children.get(0);
    for (int k = 0; k < rootKids.length; k += 2) {
      rootNext[rootKids[k]] = rootKids[k + 1];
    }
    if ((long) stateCount * classCount <= MAX_DENSE_ENTRIES) {
      table = new int[stateCount * classCount];
      for (int i = 0; i < head; i++) {
        int s = order[i];
        int[] kids = children.get(s);
        for (int cls = 0; cls < classCount; cls++) {
          int g = child(kids, cls);
          if (g >= 0) {
            table[s * classCount + cls] = g;
          } else {
            table[s * classCount + cls] = s == 0 ? 0 : table[fail[s] * classCount + cls];
          }
        }
      }
      edgeStart = null;
      edgeClass = null;
      edgeTarget = null;
    } else {
      table = null;
      edgeStart = new int[stateCount + 1];
      int edges = 0;
      for (int s = 0; s < stateCount; s++) {
        edgeStart[s] = edges;
        edges += children.get(s).length / 2;
      }
      edgeStart[stateCount] = edges;
      edgeClass = new int[edges];
      edgeTarget = new int[edges];
      for (int s = 0; s < stateCount; s++) {
        int[] kids = children.get(s);
        int e = edgeStart[s];
        for (int k = 0; k < kids.length; k += 2) {
          edgeClass[e] = kids[k];
          edgeTarget[e] = kids[k + 1];
          e++;
        }
      }
    }
  }

  /** Builds the automaton; empty phrases are ignored. */
  public static AhoCorasick of(Collection<String> phrases) {
    return new AhoCorasick(phrases);
  }

  /** The number of (non-empty) phrases. */
  public int phraseCount() {
    return phraseCount;
  }

  /** Whether some phrase occurs in {@code input} (ignoring ASCII case). */
  public boolean containsAny(CharSequence input) {
    int n = input.length();
    if (phraseCount == 0 || n < minLength) {
      return false;
    }
    int state = 0;
    if (table != null) {
      int[] t = table;
      int[] out = longestOutput;
      int k = classCount;
      for (int i = 0; i < n; i++) {
        state = t[state * k + classOf[input.charAt(i) & 0xFF]];
        if (out[state] != 0) {
          return true;
        }
      }
      return false;
    }
    for (int i = 0; i < n; i++) {
      state = step(state, classOf[input.charAt(i) & 0xFF]);
      if (longestOutput[state] != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Non-overlapping matches, leftmost first and longest among those starting at the same offset (as Coraza's
   * {@code @pm} iterates them), at most {@code limit}; each is {@code {start, end}}.
   */
  public List<int[]> leftmostLongest(CharSequence input, int limit) {
    List<int[]> matches = new ArrayList<>();
    int n = input.length();
    int from = 0;
    while (matches.size() < limit && from < n && phraseCount > 0) {
      int state = 0;
      int bestStart = -1;
      int bestEnd = -1;
      for (int i = from; i < n; i++) {
        state = step(state, classOf[input.charAt(i) & 0xFF]);
        int earliestPossible = i + 1 - depth[state];
        if (bestStart >= 0 && earliestPossible > bestStart) {
          break; // no match still in progress can start at or before the best one
        }
        int length = longestOutput[state];
        if (length != 0) {
          int start = i + 1 - length;
          if (bestStart < 0 || start < bestStart || (start == bestStart && i + 1 > bestEnd)) {
            bestStart = start;
            bestEnd = i + 1;
          }
        }
      }
      if (bestStart < 0) {
        break;
      }
      matches.add(new int[] {bestStart, bestEnd});
      from = bestEnd;
    }
    return matches;
  }

  private int step(int state, int cls) {
    if (table != null) {
      return table[state * classCount + cls];
    }
    while (true) {
      if (state == 0) {
        return rootNext[cls];
      }
      int lo = edgeStart[state];
      int hi = edgeStart[state + 1] - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = edgeClass[mid];
        if (c < cls) {
          lo = mid + 1;
        } else if (c > cls) {
          hi = mid - 1;
        } else {
          return edgeTarget[mid];
        }
      }
      state = fail[state];
    }
  }

  private static int fold(int b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b & 0xFF;
  }

  /** Child of a state's sorted (class, target) pair list, or -1. */
  private static int child(int[] kids, int cls) {
    int lo = 0;
    int hi = kids.length / 2 - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = kids[mid * 2];
      if (c < cls) {
        lo = mid + 1;
      } else if (c > cls) {
        hi = mid - 1;
      } else {
        return kids[mid * 2 + 1];
      }
    }
    return -1;
  }

  private static int[] addChild(int[] kids, int cls, int target) {
    int pairs = kids.length / 2;
    int pos = 0;
    while (pos < pairs && kids[pos * 2] < cls) {
      pos++;
    }
    int[] grown = new int[kids.length + 2];
    System.arraycopy(kids, 0, grown, 0, pos * 2);
    grown[pos * 2] = cls;
    grown[pos * 2 + 1] = target;
    System.arraycopy(kids, pos * 2, grown, pos * 2 + 2, kids.length - pos * 2);
    return grown;
  }
}
