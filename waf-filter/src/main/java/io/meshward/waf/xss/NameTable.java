package io.meshward.waf.xss;

import java.util.Map;

/**
 * Lower-case ASCII names to values, looked up with ASCII case and NUL bytes ignored and without building the
 * folded name: the tokenizer hands every word of a benign text to the attribute classifier (in the contexts that
 * start inside a tag), so a lookup must not allocate. Open addressing, at most a quarter full. Immutable.
 *
 * @param <V> what a name maps to
 */
final class NameTable<V> {
  private final String[] keys;
  private final Object[] values;
  private final int mask;
  private final int longest;
  /**
   * By first char, a bit per length of the names that start with it: most words of a text start with none of them,
   * or have no listed name's length, and need no hashing.
   */
  private final long[] lengthsByFirst = new long[0x80];
  /**
   * By first char, a bit per last char ({@code & 31}, which folds case) of the names that start with it: most of the
   * remaining words end with a char no such name ends with, and are ruled out without reading their middle.
   */
  private final int[] lastsByFirst = new int[0x80];

  NameTable(Map<String, V> entries) {
    int capacity = Integer.highestOneBit(Math.max(4, entries.size()) * 4);
    keys = new String[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
    int max = 0;
    for (Map.Entry<String, V> entry : entries.entrySet()) {
      String key = entry.getKey();
      if (!key.equals(Ascii.toLower(key)) || key.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("names are lower case, without NUL: " + key);
      }
      int slot = hash(key) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      values[slot] = entry.getValue();
      max = Math.max(max, key.length());
      if (key.isEmpty() || key.charAt(0) >= 0x80 || key.length() >= Long.SIZE) {
        throw new IllegalArgumentException("names are 1 to 63 chars and start with an ASCII char: " + key);
      }
      lengthsByFirst[key.charAt(0)] |= 1L << key.length();
      lastsByFirst[key.charAt(0)] |= 1 << (key.charAt(key.length() - 1) & 31);
    }
    longest = max;
  }

  /**
   * The value of {@code s[from, to)} with ASCII case and NULs ignored, or null. Reads the name in place: no
   * substring, no folded copy.
   */
  @SuppressWarnings("unchecked")
  V get(String s, int from, int to) {
    // Most words of a text start with a char no name starts with: ruled out before the name is read further.
    int firstAt = from;
    while (firstAt < to && s.charAt(firstAt) == '\0') {
      firstAt++;
    }
    if (firstAt == to) {
      return null;
    }
    char first = Ascii.toLower(s.charAt(firstAt));
    if (first >= 0x80 || lengthsByFirst[first] == 0) {
      return null;
    }
    char last = s.charAt(to - 1);
    // A NUL last is skipped like any NUL; then the last char is somewhere before it, found by the full pass below.
    if (last != '\0' && (lastsByFirst[first] & (1 << (last & 31))) == 0) {
      return null;
    }
    // One pass folds case, drops NULs, measures and hashes; the length then rules out most of the rest.
    int h = 0;
    int length = 0;
    for (int i = firstAt; i < to; i++) {
      char c = s.charAt(i);
      if (c != '\0') {
        if (++length > longest) {
          return null;
        }
        h = 31 * h + Ascii.toLower(c);
      }
    }
    if ((lengthsByFirst[first] & (1L << length)) == 0) {
      return null;
    }
    for (int slot = finish(h) & mask; ; slot = (slot + 1) & mask) {
      String key = keys[slot];
      if (key == null) {
        return null;
      }
      if (key.length() == length && matches(key, s, from, to)) {
        return (V) values[slot];
      }
    }
  }

  /**
   * Whether some name is a prefix of {@code s[from, to)} with ASCII case and NULs ignored. Tries each prefix length
   * up to the longest name, so the work is bounded whatever the input.
   */
  boolean hasPrefixOf(String s, int from, int to) {
    int nonNul = 0;
    for (int end = from + 1; end <= to; end++) {
      if (s.charAt(end - 1) == '\0') {
        continue;
      }
      if (++nonNul > longest) {
        return false;
      }
      if (get(s, from, end) != null) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String key, String s, int from, int to) {
    int k = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c != '\0' && Ascii.toLower(c) != key.charAt(k++)) {
        return false;
      }
    }
    return true;
  }

  private static int hash(String key) {
    int h = 0;
    for (int i = 0; i < key.length(); i++) {
      h = 31 * h + key.charAt(i);
    }
    return finish(h);
  }

  private static int finish(int h) {
    return (h * 0x9E3779B9) >>> 7;
  }
}
