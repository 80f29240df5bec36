package io.meshward.waf.dlp;

import io.meshward.waf.regex.PatternAnchors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The literal sequences some patterns need ({@code -----BEGIN }, {@code gh[pousr]_}, {@code "private_key}, ...), and
 * the windows around their occurrences where those patterns can match.
 *
 * <p>Each sequence is found through one of its positions (the trigger): the scan's one pass over the bytes
 * ({@link CandidatePass}) reports where a trigger byte occurs, and only there are the sequences it triggers compared
 * whole. The trigger is the sequence's rarest position in typical text, so that few comparisons are made.
 *
 * <p>A pattern's match contains one of its sequences and is at most {@code reach} bytes long, so it lies within
 * {@code reach} bytes of that occurrence on either side; overlapping windows are merged, which makes the windows of
 * one pattern disjoint. Immutable and thread-safe.
 */
final class LiteralTriggers {
  // The sequences, flattened so that the comparisons at a trigger read a few small arrays, in order: entry e (one
  // per sequence and trigger byte, entries of one trigger byte adjacent) is a sequence of pattern entryPattern[e],
  // entryLength[e] bytes long, whose trigger is at entryTrigger[e]; its other positions are the checks
  // entryChecks[e] to entryChecks[e + 1] - 1, rarest first (a comparison that fails, as most do, fails at its first
  // byte): check j is position checkAt[j], whose bytes are the set bits of checkBits[4j] to checkBits[4j + 3].

  /**
   * Per trigger byte b, the bytes that can precede it in one of its sequences (bits of longs 8b to 8b + 3) and
   * follow it (8b + 4 to 8b + 7): trigger bytes also occur in ordinary words, and two reads of these reject most such
   * places before any sequence is compared. A sequence that starts (ends) at its trigger allows every byte before
   * (after) it.
   */
  private final long[] neighbours = new long[8 * 256];
  /** Entries of trigger byte b: byteEntries[b] to byteEntries[b + 1] - 1. */
  private final int[] byteEntries = new int[257];
  private final int[] entryPattern;
  private final int[] entryTrigger;
  private final int[] entryLength;
  private final int[] entryChecks;
  private final int[] checkAt;
  private final long[] checkBits;
  private final int[] reach;

  /**
   * @param required per pattern index, its required sequences (null for a pattern not searched this way)
   * @param reach per pattern index, the longest match
   */
  LiteralTriggers(List<List<List<boolean[]>>> required, int[] reach) {
    this.reach = reach.clone();
    record Sequence(int pattern, boolean[][] positions, int trigger, int[] order) {}
    List<List<Sequence>> byTrigger = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      byTrigger.add(new ArrayList<>());
    }
    int entries = 0;
    int checks = 0;
    for (int p = 0; p < required.size(); p++) {
      if (required.get(p) == null) {
        continue;
      }
      for (List<boolean[]> sequence : required.get(p)) {
        boolean[][] positions = sequence.toArray(new boolean[0][]);
        int trigger = rarestPosition(positions);
        int[] order = IntStream.range(0, positions.length).filter(k -> k != trigger).boxed()
            .sorted(Comparator.comparingDouble(k -> frequency(positions[k]))).mapToInt(Integer::intValue).toArray();
        Sequence entry = new Sequence(p, positions, trigger, order);
        for (int b = 0; b < 256; b++) {
          if (positions[trigger][b]) {
            byTrigger.get(b).add(entry);
            entries++;
            checks += order.length;
          }
        }
      }
    }
    entryPattern = new int[entries];
    entryTrigger = new int[entries];
    entryLength = new int[entries];
    entryChecks = new int[entries + 1];
    checkAt = new int[checks];
    checkBits = new long[4 * checks];
    int e = 0;
    int j = 0;
    for (int b = 0; b < 256; b++) {
      byteEntries[b] = e;
      for (Sequence sequence : byTrigger.get(b)) {
        entryPattern[e] = sequence.pattern();
        entryTrigger[e] = sequence.trigger();
        entryLength[e] = sequence.positions().length;
        entryChecks[e] = j;
        allow(8 * b, sequence.positions(), sequence.trigger() - 1);
        allow(8 * b + 4, sequence.positions(), sequence.trigger() + 1);
        for (int k : sequence.order()) {
          checkAt[j] = k;
          for (int x = 0; x < 256; x++) {
            if (sequence.positions()[k][x]) {
              checkBits[4 * j + (x >>> 6)] |= 1L << x;
            }
          }
          j++;
        }
        e++;
      }
    }
    byteEntries[256] = e;
    entryChecks[e] = j;
  }

  /** Adds the bytes allowed at position {@code k} of a sequence (every byte when it has none) to the neighbour set. */
  private void allow(int at, boolean[][] positions, int k) {
    for (int x = 0; x < 256; x++) {
      if (k < 0 || k >= positions.length || positions[k][x]) {
        neighbours[at + (x >>> 6)] |= 1L << x;
      }
    }
  }

  /** Whether some sequence is found through byte {@code b}. */
  boolean isTrigger(int b) {
    return byteEntries[b & 0xFF] < byteEntries[(b & 0xFF) + 1];
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

  /**
   * The position whose bytes are rarest in typical text: the pass sees every trigger byte at no extra cost, so only
   * the comparisons made there count.
   */
  private static int rarestPosition(boolean[][] positions) {
    int best = 0;
    double bestFrequency = Double.POSITIVE_INFINITY;
    for (int k = 0; k < positions.length; k++) {
      double f = frequency(positions[k]);
      if (f < bestFrequency) {
        best = k;
        bestFrequency = f;
      }
    }
    return best;
  }

  /** A scan's windows, recorded as the pass reports trigger positions. */
  Windows windows(int patternCount, int textLength) {
    return new Windows(patternCount, textLength);
  }

  /** Compares the sequences that byte {@code i} triggers, and records a window for each that occurs. */
  void occurrencesAt(byte[] bytes, int i, Windows windows) {
    int b = bytes[i] & 0xFF;
    if (i > 0 && !allowed(8 * b, bytes[i - 1]) || i + 1 < bytes.length && !allowed(8 * b + 4, bytes[i + 1])) {
      return;
    }
    for (int e = byteEntries[b], last = byteEntries[b + 1]; e < last; e++) {
      int start = i - entryTrigger[e];
      if (occursAt(e, bytes, start)) {
        int p = entryPattern[e];
        windows.add(p, Math.max(0, start + entryLength[e] - reach[p]), Math.min(windows.textLength, start + reach[p]));
      }
    }
  }

  private boolean allowed(int at, byte neighbour) {
    int x = neighbour & 0xFF;
    return (neighbours[at + (x >>> 6)] & 1L << x) != 0;
  }

  private boolean occursAt(int e, byte[] bytes, int start) {
    if (start < 0 || start + entryLength[e] > bytes.length) {
      return false;
    }
    for (int j = entryChecks[e], last = entryChecks[e + 1]; j < last; j++) {
      int x = bytes[start + checkAt[j]] & 0xFF;
      if ((checkBits[4 * j + (x >>> 6)] & 1L << x) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The windows of one scan, per pattern; not thread-safe. */
  static final class Windows {
    private final long[][] found;
    private final int[] counts;
    private final int textLength;

    private Windows(int patternCount, int textLength) {
      this.found = new long[patternCount][];
      this.counts = new int[patternCount];
      this.textLength = textLength;
    }

    private void add(int p, long from, long to) {
      if (found[p] == null) {
        found[p] = new long[8];
      } else if (counts[p] == found[p].length) {
        found[p] = Arrays.copyOf(found[p], counts[p] * 2);
      }
      found[p][counts[p]++] = from << 32 | to;
    }

    /**
     * For pattern {@code p}, {@code result[p]} holds start, end pairs ({@code [start, end)}) of its windows, merged
     * and in order, or is null when none of its sequences occurs.
     */
    int[][] merged() {
      int[][] windows = new int[found.length][];
      for (int p = 0; p < found.length; p++) {
        if (found[p] != null) {
          windows[p] = merge(found[p], counts[p]);
        }
      }
      return windows;
    }
  }

  /** Sorts the windows by start and merges those that overlap or touch. */
  private static int[] merge(long[] windows, int count) {
    // Occurrences arrive in order of their trigger's position, but sequences of one pattern differ in length and
    // trigger offset, so their windows' starts need not be in order.
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
