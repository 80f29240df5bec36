package io.meshward.waf.regex;

import java.util.Arrays;

/** A mutable set of byte values 0-255, used for character classes. */
final class ByteSet {
  private final long[] bits = new long[4];

  static ByteSet of(int from, int to) {
    ByteSet set = new ByteSet();
    set.addRange(from, to);
    return set;
  }

  static ByteSet all() {
    return of(0, 255);
  }

  ByteSet copy() {
    ByteSet copy = new ByteSet();
    System.arraycopy(bits, 0, copy.bits, 0, 4);
    return copy;
  }

  void add(int b) {
    bits[b >>> 6] |= 1L << (b & 63);
  }

  void addRange(int from, int to) {
    for (int b = from; b <= to; b++) {
      add(b);
    }
  }

  void addAll(ByteSet other) {
    for (int i = 0; i < 4; i++) {
      bits[i] |= other.bits[i];
    }
  }

  /** The set as four 64-bit words, bit {@code b & 63} of word {@code b >>> 6} for byte {@code b}. */
  long[] words() {
    return bits.clone();
  }

  boolean contains(int b) {
    return b >= 0 && b < 256 && (bits[b >>> 6] & (1L << (b & 63))) != 0;
  }

  ByteSet complement() {
    ByteSet c = new ByteSet();
    for (int i = 0; i < 4; i++) {
      c.bits[i] = ~bits[i];
    }
    return c;
  }

  /** Adds the other ASCII case of every ASCII letter in the set (PCRE's caseless matching without UTF). */
  ByteSet foldAsciiCase() {
    ByteSet folded = copy();
    for (int b = 'A'; b <= 'Z'; b++) {
      if (contains(b) || contains(b + 32)) {
        folded.add(b);
        folded.add(b + 32);
      }
    }
    return folded;
  }

  boolean isClosedUnderAsciiCase() {
    for (int b = 'A'; b <= 'Z'; b++) {
      if (contains(b) != contains(b + 32)) {
        return false;
      }
    }
    return true;
  }

  int size() {
    int n = 0;
    for (long word : bits) {
      n += Long.bitCount(word);
    }
    return n;
  }

  boolean isEmpty() {
    return size() == 0;
  }

  /** The single member, or -1 when the set does not hold exactly one byte. */
  int single() {
    if (size() != 1) {
      return -1;
    }
    for (int b = 0; b < 256; b++) {
      if (contains(b)) {
        return b;
      }
    }
    return -1;
  }

  /** Number of maximal runs of consecutive members. */
  int runCount() {
    int runs = 0;
    long carry = 0; // the top member of the previous word
    for (long word : bits) {
      long starts = word & ~((word << 1) | carry); // members whose predecessor is not one
      runs += Long.bitCount(starts);
      carry = word >>> 63;
    }
    return runs;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof ByteSet other && Arrays.equals(bits, other.bits));
  }

  @Override
  public int hashCode() {
    // Arrays.hashCode(long[]) collides a lot on one-bit words (single bytes); mix each word first.
    long h = 0;
    for (long word : bits) {
      h = (h + word) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 29;
    }
    return (int) (h ^ (h >>> 32));
  }
}
