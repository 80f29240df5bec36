package io.meshward.waf.transformations;

import java.nio.charset.StandardCharsets;

/**
 * Byte-string helpers shared by the transformations: conversion between a byte string (one char per byte) and a byte
 * array, hex digits, and UTF-8 decoding and encoding with the rules the Go standard library applies (Coraza, which the
 * transformations follow, is written in Go).
 */
final class Bytes {
  /** A decoded code point packed with its width; see {@link #decodeUtf8}. */
  static final int INVALID_UTF8 = 0xFFFD << 3 | 1;

  static final byte[] LOWER_HEX = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };

  private static final byte[] HEX_VALUE = new byte[256];

  static {
    java.util.Arrays.fill(HEX_VALUE, (byte) -1);
    for (int c = '0'; c <= '9'; c++) {
      HEX_VALUE[c] = (byte) (c - '0');
    }
    for (int c = 'a'; c <= 'f'; c++) {
      HEX_VALUE[c] = (byte) (c - 'a' + 10);
      HEX_VALUE[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
    }
  }

  private Bytes() {}

  /** The bytes of a byte string. A char above 0xFF (outside the contract) becomes '?'. */
  static byte[] of(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The byte string of {@code b[0..n)}. */
  static String string(byte[] b, int n) {
    return new String(b, 0, n, StandardCharsets.ISO_8859_1);
  }

  /** The value 0-15 of a hex digit, or -1. Accepts any int, so a char above 0xFF is simply not a digit. */
  static int hexValue(int c) {
    return c >= 0 && c < 256 ? HEX_VALUE[c] : -1;
  }

  /** The value of a hex digit stored as a byte, or -1. */
  static int hexValue(byte c) {
    return HEX_VALUE[c & 0xFF];
  }

  static boolean isHex(byte c) {
    return HEX_VALUE[c & 0xFF] >= 0;
  }

  static boolean isAsciiAlnum(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /**
   * Decodes the UTF-8 sequence at {@code s[i]} (with {@code i < n}) as Go does: the result is {@code codePoint << 3 |
   * width}. Overlong forms, surrogates, values above U+10FFFF and truncated or broken sequences are invalid; an invalid
   * sequence yields {@link #INVALID_UTF8} (U+FFFD, width 1), so that decoding resumes at the next byte. A genuine
   * U+FFFD in the input has width 3.
   */
  static int decodeUtf8(byte[] s, int i, int n) {
    int b0 = s[i] & 0xFF;
    if (b0 < 0x80) {
      return b0 << 3 | 1;
    }
    if (b0 < 0xC2 || b0 > 0xF4) {
      return INVALID_UTF8;
    }
    if (b0 < 0xE0) {
      if (i + 1 >= n) {
        return INVALID_UTF8;
      }
      int b1 = s[i + 1] & 0xFF;
      if ((b1 & 0xC0) != 0x80) {
        return INVALID_UTF8;
      }
      return ((b0 & 0x1F) << 6 | (b1 & 0x3F)) << 3 | 2;
    }
    if (b0 < 0xF0) {
      if (i + 2 >= n) {
        // A truncated sequence is invalid as a whole; Go still reports width 1 for it.
        return INVALID_UTF8;
      }
      int b1 = s[i + 1] & 0xFF;
      int b2 = s[i + 2] & 0xFF;
      int lo = b0 == 0xE0 ? 0xA0 : 0x80;
      int hi = b0 == 0xED ? 0x9F : 0xBF;
      if (b1 < lo || b1 > hi || (b2 & 0xC0) != 0x80) {
        return INVALID_UTF8;
      }
      return ((b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F)) << 3 | 3;
    }
    if (i + 3 >= n) {
      return INVALID_UTF8;
    }
    int b1 = s[i + 1] & 0xFF;
    int b2 = s[i + 2] & 0xFF;
    int b3 = s[i + 3] & 0xFF;
    int lo = b0 == 0xF0 ? 0x90 : 0x80;
    int hi = b0 == 0xF4 ? 0x8F : 0xBF;
    if (b1 < lo || b1 > hi || (b2 & 0xC0) != 0x80 || (b3 & 0xC0) != 0x80) {
      return INVALID_UTF8;
    }
    return ((b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | (b3 & 0x3F)) << 3 | 4;
  }

  /** The number of bytes {@link #putUtf8} writes for {@code cp}. */
  static int utf8Length(int cp) {
    if (cp >= 0 && cp < 0x80) {
      return 1;
    }
    if (cp >= 0 && cp < 0x800) {
      return 2;
    }
    if (cp >= 0x10000 && cp <= 0x10FFFF) {
      return 4;
    }
    return 3;
  }

  /**
   * Writes {@code cp} as UTF-8 at {@code out[pos]} and returns the position after it. As in Go, a value that is not a
   * Unicode scalar value (negative, a surrogate, above U+10FFFF) is written as U+FFFD. The caller provides room.
   */
  static int putUtf8(byte[] out, int pos, int cp) {
    if (cp >= 0 && cp < 0x80) {
      out[pos] = (byte) cp;
      return pos + 1;
    }
    if (cp >= 0 && cp < 0x800) {
      out[pos] = (byte) (0xC0 | cp >> 6);
      out[pos + 1] = (byte) (0x80 | (cp & 0x3F));
      return pos + 2;
    }
    if (cp >= 0x10000 && cp <= 0x10FFFF) {
      out[pos] = (byte) (0xF0 | cp >> 18);
      out[pos + 1] = (byte) (0x80 | (cp >> 12 & 0x3F));
      out[pos + 2] = (byte) (0x80 | (cp >> 6 & 0x3F));
      out[pos + 3] = (byte) (0x80 | (cp & 0x3F));
      return pos + 4;
    }
    if (cp < 0 || cp > 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      cp = 0xFFFD;
    }
    out[pos] = (byte) (0xE0 | cp >> 12);
    out[pos + 1] = (byte) (0x80 | (cp >> 6 & 0x3F));
    out[pos + 2] = (byte) (0x80 | (cp & 0x3F));
    return pos + 3;
  }
}
