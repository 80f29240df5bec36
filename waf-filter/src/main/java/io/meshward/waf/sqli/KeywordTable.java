package io.meshward.waf.sqli;

import java.util.Map;

/**
 * Upper-case ASCII keys to token types, looked up ignoring a–z case without building the upper-cased key: the
 * tokenizer asks about every word and the folder about every pair of adjacent words, so a lookup must not allocate.
 * Open addressing over a power-of-two table, at most half full. Immutable.
 */
final class KeywordTable {
  private final String[] keys;
  private final char[] types;
  private final int mask;
  /**
   * For each ASCII first char, a bit per length that some key's text before one of its spaces has: a pair of words
   * whose first does not fit can be no phrase, and most pairs of ordinary words are rejected without hashing.
   */
  private final long[] phraseStarts = new long[0x80];
  /**
   * A filter in front of the table: bit {@code length} of entry {@code (first & 31) * 32 + (last & 31)} is set when a
   * key of that length starts and ends with such chars. {@code & 31} maps both cases of a letter alike, so the filter
   * needs no case folding; most ordinary words fail it and are never hashed.
   */
  private final long[] shapes = new long[32 * 32];

  KeywordTable(Map<String, Character> entries) {
    int capacity = Integer.highestOneBit(Math.max(4, entries.size()) * 4);
    keys = new String[capacity];
    types = new char[capacity];
    mask = capacity - 1;
    entries.forEach((key, type) -> {
      if (!key.equals(SqliData.upperAscii(key))) {
        throw new IllegalArgumentException("table keys are upper case: " + key);
      }
      int slot = hash(key, 0, key.length()) & mask;
      while (keys[slot] != null && !keys[slot].equals(key)) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      types[slot] = type;
      if (!key.isEmpty() && key.length() < Long.SIZE) {
        shapes[shape(key.charAt(0), key.charAt(key.length() - 1))] |= 1L << key.length();
      }
      for (int space = key.indexOf(' '); space > 0; space = key.indexOf(' ', space + 1)) {
        if (key.charAt(0) < 0x80 && space < Long.SIZE) {
          phraseStarts[key.charAt(0)] |= 1L << space;
        }
      }
    });
  }

  /** The type of {@code s[from, to)}, ASCII case ignored, or {@link TokenType#NONE}. */
  char type(String s, int from, int to) {
    int length = to - from;
    if (length <= 0 || length >= Long.SIZE
        || (shapes[shape(s.charAt(from), s.charAt(to - 1))] & (1L << length)) == 0) {
      return TokenType.NONE;
    }
    for (int slot = hash(s, from, to) & mask; ; slot = (slot + 1) & mask) {
      String key = keys[slot];
      if (key == null) {
        return TokenType.NONE;
      }
      if (key.length() == to - from && equalsUpper(key, 0, s, from, to)) {
        return types[slot];
      }
    }
  }

  char type(String s) {
    return type(s, 0, s.length());
  }

  /** The type of the phrase {@code first + ' ' + second} (token values), ASCII case ignored, or NONE. */
  char phraseType(Token first, Token second) {
    if (first.len == 0 || first.len >= Long.SIZE) {
      return TokenType.NONE;
    }
    char start = upper(first.charAt(0));
    if (start >= 0x80 || (phraseStarts[start] & (1L << first.len)) == 0) {
      return TokenType.NONE;
    }
    int h = 0;
    for (int i = 0; i < first.len; i++) {
      h = fold(h, first.charAt(i));
    }
    h = fold(h, ' ');
    for (int i = 0; i < second.len; i++) {
      h = fold(h, second.charAt(i));
    }
    int length = first.len + 1 + second.len;
    for (int slot = finish(h) & mask; ; slot = (slot + 1) & mask) {
      String key = keys[slot];
      if (key == null) {
        return TokenType.NONE;
      }
      if (key.length() == length && key.charAt(first.len) == ' '
          && equalsUpper(key, 0, first) && equalsUpper(key, first.len + 1, second)) {
        return types[slot];
      }
    }
  }

  /** The type of the bytes {@code b[from, to)} read as ISO-8859-1, ASCII case ignored, or {@link TokenType#NONE}. */
  char type(byte[] b, int from, int to) {
    int length = to - from;
    if (length <= 0 || length >= Long.SIZE
        || (shapes[shape((char) (b[from] & 0xFF), (char) (b[to - 1] & 0xFF))] & (1L << length)) == 0) {
      return TokenType.NONE;
    }
    int h = 0;
    for (int i = from; i < to; i++) {
      h = fold(h, (char) (b[i] & 0xFF));
    }
    for (int slot = finish(h) & mask; ; slot = (slot + 1) & mask) {
      String key = keys[slot];
      if (key == null) {
        return TokenType.NONE;
      }
      if (key.length() == to - from && equalsUpper(key, b, from)) {
        return types[slot];
      }
    }
  }

  private static int shape(char first, char last) {
    return (first & 31) * 32 + (last & 31);
  }

  private static boolean equalsUpper(String key, int keyFrom, String s, int from, int to) {
    for (int i = from, k = keyFrom; i < to; i++, k++) {
      if (upper(s.charAt(i)) != key.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean equalsUpper(String key, int keyFrom, Token token) {
    for (int i = 0; i < token.len; i++) {
      if (upper(token.charAt(i)) != key.charAt(keyFrom + i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean equalsUpper(String key, byte[] b, int from) {
    for (int k = 0; k < key.length(); k++) {
      if (upper((char) (b[from + k] & 0xFF)) != key.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int hash(String s, int from, int to) {
    return finish(rawHash(s, from, to));
  }

  private static int rawHash(String s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = fold(h, s.charAt(i));
    }
    return h;
  }

  private static int fold(int h, char c) {
    return 31 * h + upper(c);
  }

  private static int finish(int h) {
    return (h * 0x9E3779B9) >>> 7;
  }

  private static char upper(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - 0x20) : c;
  }
}
