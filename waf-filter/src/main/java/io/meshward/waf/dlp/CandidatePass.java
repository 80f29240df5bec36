package io.meshward.waf.dlp;

import java.util.Arrays;

/**
 * The one pass over a text's bytes that finds, for all patterns at once, where they can match: the windows around
 * the occurrences of the literal-anchored patterns' sequences ({@link LiteralTriggers}), and the runs of each
 * alphabet group long enough to hold one of its members' matches ({@link AlphabetRuns}).
 *
 * <p>Every byte is read once and classified through a 256-entry table: class 0 is "the trigger byte of some literal
 * sequence", class {@code 1 + g} "in group {@code g}'s alphabet". Eight bytes' entries, each shifted by its place in
 * the word, combine into one long that holds each class's 8-bit mask of the word in its byte {@code c}; eight such
 * words give a 64-byte block's 64-bit mask per class. There is no branch per byte: in API bodies digits, separators
 * and capitals are common, and a test per byte would mispredict at most of their edges. The masks answer the
 * questions per block with a few bit operations: where the triggers are (only there are their sequences compared),
 * and for each group where its runs end and whether one of them is long enough. Most blocks hold no trigger and no
 * long run, and cost a few branches that are rarely taken.
 *
 * <p>The regions are exactly those that a byte-by-byte search finds: per literal-anchored pattern the merged windows
 * within its reach of each occurrence of one of its sequences, per group the maximal runs of its alphabet at least
 * its shortest match long. Work is linear in the text (the sequence comparisons are bounded by their length at
 * each trigger position); memory is the regions found. Immutable and thread-safe.
 */
final class CandidatePass {
  /** Groups that fit the table's byte beside the trigger bit. */
  static final int MAX_GROUPS = 7;

  /**
   * Per byte value, its classes: bit {@code 8c} for class {@code c} (0: trigger, 1 + g: group g). Shifting the entry of
   * byte {@code k} of a word left by {@code k} and or-ing the eight gives, in byte {@code c} of the result, class
   * {@code c}'s mask of the word: the bit matrix comes out transposed, with no per-class gathering.
   */
  private final long[] classes = new long[256];
  /** Null when no pattern is literal-anchored. */
  private final LiteralTriggers literals;
  private final int[] minLengths;

  /**
   * @param literals the literal-anchored patterns' sequences, or null
   * @param groups the alphabet groups, at most {@link #MAX_GROUPS}
   */
  CandidatePass(LiteralTriggers literals, AlphabetRuns[] groups) {
    if (groups.length > MAX_GROUPS) {
      throw new IllegalArgumentException(groups.length + " alphabet groups, at most " + MAX_GROUPS);
    }
    this.literals = literals;
    this.minLengths = new int[groups.length];
    for (int g = 0; g < groups.length; g++) {
      minLengths[g] = groups[g].minLength();
    }
    for (int b = 0; b < 256; b++) {
      long c = literals != null && literals.isTrigger(b) ? 1 : 0;
      for (int g = 0; g < groups.length; g++) {
        c |= groups[g].inAlphabet(b) ? 1L << 8 * (1 + g) : 0;
      }
      classes[b] = c;
    }
  }

  /**
   * What the pass found.
   *
   * @param windows per pattern index, start, end pairs of its windows (merged, in order), or null when the pattern
   *     is not literal-anchored or none of its sequences occurs
   * @param runs per group, start, end pairs of its candidate runs (in order; possibly empty)
   */
  record Regions(int[][] windows, int[][] runs) {}

  /** The regions of {@code bytes} (one pass over them). */
  Regions find(byte[] bytes, int patternCount) {
    int n = bytes.length;
    int groups = minLengths.length;
    LiteralTriggers.Windows windows = literals == null ? null : literals.windows(patternCount, n);
    Pairs[] runs = new Pairs[groups];
    for (int g = 0; g < groups; g++) {
      runs[g] = new Pairs();
    }
    // Per group, the length of the run of its alphabet that reaches the end of the previous block.
    int[] open = new int[groups];
    long[] words = new long[8];
    long[] classes = this.classes;
    int base = 0;
    for (; base + 64 <= n; base += 64) {
      long any = 0;
      for (int w = 0; w < 8; w++) {
        // Byte loads measured faster here than one 8-byte read (a VarHandle view) and eight shifts to take it apart.
        int i = base + 8 * w;
        long c = classes[bytes[i] & 0xFF]
            | classes[bytes[i + 1] & 0xFF] << 1
            | classes[bytes[i + 2] & 0xFF] << 2
            | classes[bytes[i + 3] & 0xFF] << 3
            | classes[bytes[i + 4] & 0xFF] << 4
            | classes[bytes[i + 5] & 0xFF] << 5
            | classes[bytes[i + 6] & 0xFF] << 6
            | classes[bytes[i + 7] & 0xFF] << 7;
        words[w] = c;
        any |= c;
      }
      block(bytes, base, words, any, open, runs, windows);
    }
    // The last, partial block (empty when the text fills whole blocks): bytes past the end are in no class, which
    // also ends the runs that reach the end of the text.
    Arrays.fill(words, 0);
    long any = 0;
    for (int i = base; i < n; i++) {
      long c = classes[bytes[i] & 0xFF];
      words[(i - base) >>> 3] |= c << ((i - base) & 7);
      any |= c;
    }
    block(bytes, base, words, any, open, runs, windows);
    int[][] found = new int[groups][];
    for (int g = 0; g < groups; g++) {
      found[g] = runs[g].toArray();
    }
    return new Regions(windows == null ? new int[patternCount][] : windows.merged(), found);
  }

  /**
   * The trigger positions and run ends of the 64-byte block at {@code base}, whose class words are {@code words}.
   * (Split in small methods so that the compiler inlines the common path into the pass's loop.)
   */
  private void block(byte[] bytes, int base, long[] words, long any, int[] open, Pairs[] runs,
                     LiteralTriggers.Windows windows) {
    if ((any & 0xFF) != 0) {
      triggers(bytes, base, mask(words, 0), windows);
    }
    for (int g = 0; g < open.length; g++) {
      long members = (any >>> 8 * (1 + g) & 0xFF) == 0 ? 0 : mask(words, 1 + g);
      if (members == -1L) {
        open[g] += 64;
      } else {
        open[g] = runEnds(base, members, open[g], minLengths[g], runs[g]);
      }
    }
  }

  private void triggers(byte[] bytes, int base, long triggers, LiteralTriggers.Windows windows) {
    for (; triggers != 0; triggers &= triggers - 1) {
      literals.occurrencesAt(bytes, base + Long.numberOfTrailingZeros(triggers), windows);
    }
  }

  /**
   * Records the runs of a group that end in the block at {@code base} ({@code members}: its mask, not all ones),
   * given the length of the run open at the block's start; returns the length of the run open at its end.
   */
  private static int runEnds(int base, long members, int open, int min, Pairs runs) {
    // The run open at the block's start ends at its first non-member.
    int lead = Long.numberOfTrailingZeros(~members);
    if (open + lead >= min) {
      runs.add(base - open, base + lead);
    }
    // The run at the block's end stays open; those in between start and end within the block.
    int trail = Long.numberOfLeadingZeros(~members);
    long inside = members & (-1L << lead) & (-1L >>> trail);
    if (Long.bitCount(inside) >= min) {
      innerRuns(base, inside, min, runs);
    }
    return trail;
  }

  private static void innerRuns(int base, long inside, int min, Pairs runs) {
    for (long starts = runStarts(inside, min); starts != 0; ) {
      int start = Long.numberOfTrailingZeros(starts);
      int end = start + Long.numberOfTrailingZeros(~(inside >>> start));
      runs.add(base + start, base + end);
      starts &= -1L << end; // end < 64: the bits above the last inner run are clear
    }
  }

  /** Bit {@code k}: byte {@code k} of the block is in class {@code c}. */
  private static long mask(long[] words, int c) {
    int shift = 8 * c;
    return (words[0] >>> shift & 0xFF)
        | (words[1] >>> shift & 0xFF) << 8
        | (words[2] >>> shift & 0xFF) << 16
        | (words[3] >>> shift & 0xFF) << 24
        | (words[4] >>> shift & 0xFF) << 32
        | (words[5] >>> shift & 0xFF) << 40
        | (words[6] >>> shift & 0xFF) << 48
        | (words[7] >>> shift) << 56;
  }

  /** Bit {@code k}: bits {@code k} to {@code k + length - 1} of {@code bits} are all set (length below 64). */
  private static long runStarts(long bits, int length) {
    long starts = bits;
    for (int covered = 1; covered < length; ) {
      int step = Math.min(covered, length - covered);
      starts &= starts >>> step;
      covered += step;
    }
    return starts;
  }

  /** A growing list of start, end pairs. */
  private static final class Pairs {
    private int[] pairs = new int[16];
    private int size;

    void add(int start, int end) {
      if (size == pairs.length) {
        pairs = Arrays.copyOf(pairs, size * 2);
      }
      pairs[size++] = start;
      pairs[size++] = end;
    }

    int[] toArray() {
      return Arrays.copyOf(pairs, size);
    }
  }
}
