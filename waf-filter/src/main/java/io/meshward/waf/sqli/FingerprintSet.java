package io.meshward.waf.sqli;

import java.util.Collection;

/**
 * The fingerprint blacklist as a set of packed codes: a fingerprint is at most {@value Folder#MAX_TOKENS} ASCII type
 * letters, so its upper-cased letters fit one {@code long} (one byte each). Every pass of every detection looks its
 * fingerprint up, and this way the lookup neither builds a String nor hashes chars. Open addressing, at most a
 * quarter full. Immutable.
 */
final class FingerprintSet {
  /** Marks an empty slot: no packed fingerprint is 0, since the empty fingerprint is never stored. */
  private static final long EMPTY = 0L;

  private final long[] slots;
  private final int mask;

  FingerprintSet(Collection<String> fingerprints) {
    int capacity = Integer.highestOneBit(Math.max(4, fingerprints.size()) * 4);
    slots = new long[capacity];
    mask = capacity - 1;
    for (String fp : fingerprints) {
      if (fp.isEmpty() || fp.length() > Folder.MAX_TOKENS) {
        throw new IllegalArgumentException("a fingerprint has 1 to " + Folder.MAX_TOKENS + " letters: " + fp);
      }
      long code = 0;
      for (int i = 0; i < fp.length(); i++) {
        char c = fp.charAt(i);
        if (c == 0 || c >= 0x80) {
          throw new IllegalArgumentException("fingerprint letters are ASCII: " + fp);
        }
        code = append(code, c);
      }
      int slot = slotOf(code);
      while (slots[slot] != EMPTY && slots[slot] != code) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = code;
    }
  }

  /**
   * Adds one letter to a packed fingerprint, upper-cased (a–z only): lookup ignores case on both sides, which is
   * why {@code t} and {@code T} are the same here, as in libinjection.
   */
  static long append(long code, char letter) {
    char upper = letter >= 'a' && letter <= 'z' ? (char) (letter - 0x20) : letter;
    return (code << 8) | (upper & 0xFF);
  }

  boolean contains(long code) {
    if (code == EMPTY) {
      return false;
    }
    for (int slot = slotOf(code); ; slot = (slot + 1) & mask) {
      long key = slots[slot];
      if (key == code) {
        return true;
      }
      if (key == EMPTY) {
        return false;
      }
    }
  }

  private int slotOf(long code) {
    long h = code * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & mask;
  }
}
