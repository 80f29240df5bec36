package io.meshward.waf.transformations;

import java.util.Arrays;

/**
 * Which bytes a transformation (or a chain of them) can put into its output, per byte of its input: {@code t:lowercase}
 * turns {@code A} into {@code a}, {@code t:urlDecodeUni} can turn a {@code %} into any byte, and leaves every other
 * byte but {@code +} as it is. An over-approximation: every byte of an output comes from some byte of the input whose
 * image holds it. With it, the bytes of an untransformed value prove that no transformed value can hold a byte a
 * pattern needs, without running the transformations (see {@link #sourcesOf}).
 *
 * <p>A chain that can produce bytes from nothing ({@code t:length} of an empty value is {@code 0}) is <em>opaque</em>:
 * it proves nothing. Immutable.
 */
public final class ByteFlow {
  /** Every byte stays itself. */
  public static final ByteFlow IDENTITY = identityWith(new int[0][]);
  /** Proves nothing: the output may hold any byte whatever the input holds. */
  public static final ByteFlow OPAQUE = new ByteFlow(null);

  /** Per input byte b, words [4b, 4b + 4): the bytes it may become (bit c & 63 of word c >>> 6); null when opaque. */
  private final long[] images;

  private ByteFlow(long[] images) {
    this.images = images;
  }

  /**
   * Each byte stays itself and may also become the bytes its entry names: {@code {'+', ' '}} says a {@code +} may
   * become a space. An entry with only its source byte, {@code {'%'}}, says that byte may become any byte.
   */
  static ByteFlow identityWith(int[][] becomes) {
    long[] images = new long[256 * 4];
    for (int b = 0; b < 256; b++) {
      set(images, b, b);
    }
    for (int[] entry : becomes) {
      int from = entry[0];
      if (entry.length == 1) {
        Arrays.fill(images, from * 4, from * 4 + 4, -1L);
      }
      for (int i = 1; i < entry.length; i++) {
        set(images, from, entry[i]);
      }
    }
    return new ByteFlow(images);
  }

  /** Each of {@code from}'s bytes may become any byte; every other byte stays itself. */
  static ByteFlow anyFrom(int fromInclusive, int toInclusive) {
    int[][] entries = new int[toInclusive - fromInclusive + 1][];
    for (int b = fromInclusive; b <= toInclusive; b++) {
      entries[b - fromInclusive] = new int[] {b};
    }
    return identityWith(entries);
  }

  /**
   * Each byte from 0x80 up may become any byte from 0x80 up; every other byte stays itself. For transformations that
   * read UTF-8 and write each sequence back as it was or as U+FFFD: no ASCII byte comes out of a non-ASCII one.
   */
  static ByteFlow highBytesStayHigh() {
    int[][] entries = new int[128][];
    for (int b = 0x80; b <= 0xFF; b++) {
      int[] entry = new int[129];
      entry[0] = b;
      for (int c = 0x80; c <= 0xFF; c++) {
        entry[c - 0x7F] = c;
      }
      entries[b - 0x80] = entry;
    }
    return identityWith(entries);
  }

  /** ASCII letters map to the other case ({@code upper} selects which way); every other byte stays itself. */
  static ByteFlow caseMapping(boolean upper) {
    int[][] entries = new int[26][];
    for (int i = 0; i < 26; i++) {
      entries[i] = upper ? new int[] {'a' + i, 'A' + i} : new int[] {'A' + i, 'a' + i};
    }
    return identityWith(entries);
  }

  /** This flow, then {@code next}'s. */
  public ByteFlow then(ByteFlow next) {
    if (images == null || next.images == null) {
      return OPAQUE;
    }
    long[] composed = new long[256 * 4];
    for (int b = 0; b < 256; b++) {
      for (int c = 0; c < 256; c++) {
        if ((images[b * 4 + (c >>> 6)] & (1L << (c & 63))) != 0) {
          for (int w = 0; w < 4; w++) {
            composed[b * 4 + w] |= next.images[c * 4 + w];
          }
        }
      }
    }
    return new ByteFlow(composed);
  }

  /**
   * The input bytes that may put one of {@code wanted}'s bytes (four words) into the output: an input holding none
   * of them cannot produce an output holding any of {@code wanted}. Null when the flow is opaque.
   */
  public long[] sourcesOf(long[] wanted) {
    if (images == null) {
      return null;
    }
    long[] sources = new long[4];
    for (int b = 0; b < 256; b++) {
      for (int w = 0; w < 4; w++) {
        if ((images[b * 4 + w] & wanted[w]) != 0) {
          sources[b >>> 6] |= 1L << (b & 63);
          break;
        }
      }
    }
    return sources;
  }

  public boolean isOpaque() {
    return images == null;
  }

  private static void set(long[] images, int from, int to) {
    images[from * 4 + (to >>> 6)] |= 1L << (to & 63);
  }
}
