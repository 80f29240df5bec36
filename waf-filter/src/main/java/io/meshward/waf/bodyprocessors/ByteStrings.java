package io.meshward.waf.bodyprocessors;

import java.nio.charset.StandardCharsets;

/** Byte-string helpers: one char per byte (0-255). */
final class ByteStrings {
  private ByteStrings() {}

  /** The bytes {@code [from, to)} as a byte string. */
  static String latin1(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /**
   * The UTF-8 encoding of a Unicode string, as a byte string. Unpaired surrogates become U+FFFD (EF BF BD), as Go
   * does. Returns {@code s} itself when it is ASCII.
   */
  static String utf8(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && s.charAt(i) < 0x80) {
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder out = new StringBuilder(n + (n >> 1) + 4);
    out.append(s, 0, i);
    while (i < n) {
      char c = s.charAt(i);
      int cp;
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        cp = Character.toCodePoint(c, s.charAt(i + 1));
        i += 2;
      } else {
        cp = Character.isSurrogate(c) ? 0xFFFD : c;
        i++;
      }
      if (cp < 0x80) {
        out.append((char) cp);
      } else if (cp < 0x800) {
        out.append((char) (0xC0 | (cp >> 6)));
        out.append((char) (0x80 | (cp & 0x3F)));
      } else if (cp < 0x10000) {
        out.append((char) (0xE0 | (cp >> 12)));
        out.append((char) (0x80 | ((cp >> 6) & 0x3F)));
        out.append((char) (0x80 | (cp & 0x3F)));
      } else {
        out.append((char) (0xF0 | (cp >> 18)));
        out.append((char) (0x80 | ((cp >> 12) & 0x3F)));
        out.append((char) (0x80 | ((cp >> 6) & 0x3F)));
        out.append((char) (0x80 | (cp & 0x3F)));
      }
    }
    return out.toString();
  }

  /**
   * A parser's message made safe for REQBODY_ERROR_MSG and logs: control chars and non-ASCII become spaces or
   * {@code ?}, runs of whitespace collapse, and the text is cut at {@code max} chars.
   */
  static String sanitize(String message, int max) {
    if (message == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(message.length(), max + 3));
    boolean space = false;
    for (int i = 0; i < message.length() && sb.length() < max; i++) {
      char c = message.charAt(i);
      if (c <= ' ') {
        if (!space && sb.length() > 0) {
          sb.append(' ');
        }
        space = true;
        continue;
      }
      space = false;
      sb.append(c < 0x7F ? c : '?');
    }
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == ' ') {
      end--;
    }
    sb.setLength(end);
    if (message.length() > max && sb.length() >= max) {
      sb.append("...");
    }
    return sb.toString();
  }

  /** A byte string cut for quoting inside an error message. */
  static String excerpt(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  /** ModSecurity's isspace() in the C locale: SP, HT, LF, VT, FF, CR. */
  static boolean isSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }
}
