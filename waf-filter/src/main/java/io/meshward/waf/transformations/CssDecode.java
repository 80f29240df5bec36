package io.meshward.waf.transformations;

/**
 * {@code cssDecode}: CSS escapes (CSS Syntax Level 3, "consume an escaped code point").
 *
 * <ul>
 *   <li>A backslash and 1-6 hex digits is one code point, written as UTF-8 ({@code \41} is {@code A}, {@code \e9} is
 *       C3 A9, {@code \1234} is E1 88 B4); one whitespace character after the digits (space, tab, LF, CR, FF, VT) is
 *       part of the escape and dropped. Zero, surrogates and values above U+10FFFF become U+FFFD; the full-width forms
 *       U+FF01-U+FF5E become the ASCII character they stand for ({@code \ff1c} is {@code <}).
 *   <li>A backslash before a newline (LF, FF, CR or CR LF) is a line continuation: both go.
 *   <li>A backslash before any other character is dropped and the character kept ({@code \'} is {@code '}); a
 *       backslash at the very end is dropped.
 * </ul>
 *
 * <p>Follows Coraza. ModSecurity instead keeps only the last two hex digits as a byte ({@code \1234} is {@code 4}) and
 * treats only LF as a continuation.
 */
final class CssDecode implements Transformation {
  static final CssDecode INSTANCE = new CssDecode();

  private CssDecode() {}

  @Override
  public String apply(String input) {
    int i = input.indexOf('\\');
    if (i < 0) {
      return input;
    }
    int n = input.length();
    byte[] b = Bytes.of(input);
    ByteBuf out = ByteBuf.withPrefix(b, i, n + n / 2 + 16);
    while (i < n) {
      byte c = b[i];
      if (c != '\\') {
        out.add(c);
        i++;
        continue;
      }
      i++;
      if (i >= n) {
        break;
      }
      int j = 0;
      while (j < 6 && i + j < n && Bytes.isHex(b[i + j])) {
        j++;
      }
      if (j > 0) {
        int code = 0;
        for (int k = 0; k < j; k++) {
          code = code << 4 | Bytes.hexValue(b[i + k]);
        }
        if (code == 0) {
          code = 0xFFFD;
        } else if (code >= 0xFF01 && code <= 0xFF5E) {
          code -= 0xFEE0;
        }
        out.addUtf8(code);
        if (i + j < n && isSpace(b[i + j])) {
          j++;
        }
        i += j;
      } else if (b[i] == '\n' || b[i] == '\f') {
        i++;
      } else if (b[i] == '\r') {
        i++;
        if (i < n && b[i] == '\n') {
          i++;
        }
      } else {
        out.add(b[i]);
        i++;
      }
    }
    return out.contentEquals(b, n) ? input : out.toString();
  }

  /** C {@code isspace} in the "C" locale. */
  static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
  }
}
