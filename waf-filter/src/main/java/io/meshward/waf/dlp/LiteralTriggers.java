package io.meshward.waf.dlp;

import io.meshward.waf.regex.PatternAnchors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds, with one vectorised search per trigger byte, where the patterns that need a literal ({@code -----BEGIN },
 * {@code gh[pousr]_}, {@code "private_key}, ...) can match: the windows around each occurrence of one of a pattern's
 * required sequences.
 *
 * <p>Each sequence is found through one of its positions (the trigger): for each trigger byte, {@link String#indexOf}
 * finds its occurrences (HotSpot compiles it to a vectorised search, some 0.05 ns per byte when the byte is rare,
 * where a loop that reads a table per byte costs 1-2 ns), and the whole sequence is compared only there. The
 * triggers are the sequences' rare bytes, shared between sequences where that costs little, so that there are few
 * searches and few comparisons.
 *
 * <p>A pattern's match contains one of its sequences and is at most {@code reach} bytes long, so it lies within
 * {@code reach} bytes of that occurrence on either side; overlapping windows are merged, which makes the windows of
 * one pattern disjoint. Immutable and thread-safe.
 */
final class LiteralTriggers {
  /** One required sequence of one pattern, found through the byte at {@code trigger}. */
  private record Sequence(int pattern, boolean[][] positions, int trigger) {
    boolean occursAt(byte[] bytes, int start) {
      if (start < 0 || start + positions.length > bytes.length) {
        return false;
      }
      for (int k = 0; k < positions.length; k++) {
        if (!positions[k][bytes[start + k] & 0xFF]) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Choosing a trigger byte no other sequence uses costs one more search of the text: counted as if the byte were
   * this frequent (a search costs about as much as comparing a sequence at 0.5 % of the bytes).
   */
  private static final double NEW_SEARCH = 0.005;

  /** The trigger bytes, each searched once per text. */
  private final char[] triggers;
  private final Sequence[][] byTrigger = new Sequence[256][];
  private final int[] reach;

  /**
   * @param required per pattern index, its required sequences (null for a pattern not searched this way)
   * @param reach per pattern index, the longest match
   */
  LiteralTriggers(List<List<List<boolean[]>>> required, int[] reach) {
    this.reach = reach.clone();
    List<List<Sequence>> lists = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      lists.add(new ArrayList<>());
    }
    boolean[] chosen = new boolean[256];
    for (int p = 0; p < required.size(); p++) {
      if (required.get(p) == null) {
        continue;
      }
      for (List<boolean[]> sequence : required.get(p)) {
        boolean[][] positions = sequence.toArray(new boolean[0][]);
        int trigger = cheapestPosition(positions, chosen);
        Sequence entry = new Sequence(p, positions, trigger);
        for (int b = 0; b < 256; b++) {
          if (positions[trigger][b]) {
            chosen[b] = true;
            lists.get(b).add(entry);
          }
        }
      }
    }
    StringBuilder triggers = new StringBuilder();
    for (int b = 0; b < 256; b++) {
      byTrigger[b] = lists.get(b).toArray(new Sequence[0]);
      if (chosen[b]) {
        triggers.append((char) b);
      }
    }
    this.triggers = triggers.toString().toCharArray();
  }

  /** How often (per byte of typical text) a set of sequences occurs; lower is more selective. */
  static double expectedHits(List<List<boolean[]>> sequences) {
    double hits = 0;
    for (List<boolean[]> sequence : sequences) {
      double p = 1;
      for (boolean[] set : sequence) {
        p *= Math.min(1.0, frequency(set));
      }
      hits += sequence.isEmpty() ? Double.POSITIVE_INFINITY : p;
    }
    return hits;
  }

  private static double frequency(boolean[] set) {
    double f = 0;
    for (int b = 0; b < 256; b++) {
      if (set[b]) {
        f += PatternAnchors.frequency(b);
      }
    }
    return f;
  }

  /** The position whose bytes cost least to search for: rare, and already searched for other sequences. */
  private static int cheapestPosition(boolean[][] positions, boolean[] chosen) {
    int best = 0;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int k = 0; k < positions.length; k++) {
      double cost = 0;
      for (int b = 0; b < 256; b++) {
        if (positions[k][b]) {
          cost += PatternAnchors.frequency(b) + (chosen[b] ? 0 : NEW_SEARCH);
        }
      }
      if (cost < bestCost) {
        best = k;
        bestCost = cost;
      }
    }
    return best;
  }

  /**
   * The windows where each pattern can match, merged and in order: for pattern {@code p}, {@code result[p]} holds
   * start, end pairs ({@code [start, end)}), or is null when none of its sequences occurs.
   */
  int[][] windows(String text, byte[] bytes, int patternCount) {
    long[][] found = new long[patternCount][];
    int[] counts = new int[patternCount];
    int n = bytes.length;
    for (char trigger : triggers) {
      for (int i = text.indexOf(trigger); i >= 0; i = text.indexOf(trigger, i + 1)) {
        for (Sequence sequence : byTrigger[trigger]) {
          int start = i - sequence.trigger();
          if (sequence.occursAt(bytes, start)) {
            int p = sequence.pattern();
            int length = sequence.positions().length;
            long from = Math.max(0, start + length - reach[p]);
            long to = Math.min(n, start + reach[p]);
            if (found[p] == null) {
              found[p] = new long[8];
            } else if (counts[p] == found[p].length) {
              found[p] = Arrays.copyOf(found[p], counts[p] * 2);
            }
            found[p][counts[p]++] = from << 32 | to;
          }
        }
      }
    }
    int[][] windows = new int[patternCount][];
    for (int p = 0; p < patternCount; p++) {
      if (found[p] != null) {
        windows[p] = merge(found[p], counts[p]);
      }
    }
    return windows;
  }

  /** Sorts the windows by start and merges those that overlap or touch. */
  private static int[] merge(long[] windows, int count) {
    // Occurrences arrive trigger byte by trigger byte, each in order of position; sorting puts them in order.
    Arrays.sort(windows, 0, count);
    int[] out = new int[2 * count];
    int k = 0;
    for (int i = 0; i < count; i++) {
      int from = (int) (windows[i] >>> 32);
      int to = (int) windows[i];
      if (k > 0 && from <= out[k - 1]) {
        out[k - 1] = Math.max(out[k - 1], to);
      } else {
        out[k++] = from;
        out[k++] = to;
      }
    }
    return Arrays.copyOf(out, k);
  }
}
