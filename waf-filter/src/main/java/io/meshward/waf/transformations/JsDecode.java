package io.meshward.waf.transformations;

/**
 * {@code jsDecode}: JavaScript escapes, each decoded to one byte.
 *
 * <ul>
 *   <li>{@code \}{@code uHHHH} (lower-case {@code u}): the low byte of the code point; for the full-width forms
 *       U+FF01-U+FF5E the ASCII character they stand for ({@code \}{@code uff1c} is {@code <}).
 *   <li>{@code \}{@code u{H...H}} with 1-6 hex digits and the closing brace (ES2015): the same, applied to the whole
 *       value ({@code \}{@code u{0ff1c}} is {@code <} too).
 *   <li>{@code \xHH} (lower-case {@code x}): the byte HH.
 *   <li>{@code \OOO}: up to three octal digits, but only two when the first is 4-7, so the value fits a byte
 *       ({@code \101} is {@code A}, {@code \477} is {@code '7'}).
 *   <li>{@code \a \b \f \n \r \t \v}: the control characters; a backslash before any other character is dropped
 *       ({@code \"} is {@code "}, {@code \}{@code u12} is {@code u12}, {@code \\} is one backslash).
 *   <li>A backslash at the very end is kept.
 * </ul>
 *
 * <p>Follows Coraza (including {@code \}{@code u{...}}, which ModSecurity does not decode).
 */
final class JsDecode implements Transformation {
  static final JsDecode INSTANCE = new JsDecode();

  private JsDecode() {}

  @Override
  public String apply(String input) {
    int i = input.indexOf('\\');
    if (i < 0) {
      return input;
    }
    int n = input.length();
    byte[] b = Bytes.of(input);
    int o = i;
    boolean changed = false;
    while (i < n) {
      byte c = b[i];
      if (c != '\\') {
        b[o++] = c;
        i++;
        continue;
      }
      if (i + 1 >= n) {
        // A lone backslash at the end stays.
        b[o++] = c;
        i++;
        continue;
      }
      byte next = b[i + 1];
      int digits;
      if (next == 'u' && i + 2 < n && b[i + 2] == '{' && (digits = bracedHexDigits(b, i + 3, n)) > 0) {
        int code = 0;
        for (int k = 0; k < digits; k++) {
          code = code << 4 | Bytes.hexValue(b[i + 3 + k]);
        }
        int value = code & 0xFF;
        if (code >= 0xFF01 && code <= 0xFF5E) {
          value += 0x20;
        }
        b[o++] = (byte) value;
        i += digits + 4;
      } else if (next == 'u'
          && i + 5 < n
          && Bytes.isHex(b[i + 2])
          && Bytes.isHex(b[i + 3])
          && Bytes.isHex(b[i + 4])
          && Bytes.isHex(b[i + 5])) {
        int value = Bytes.hexValue(b[i + 4]) << 4 | Bytes.hexValue(b[i + 5]);
        if (value > 0 && value < 0x5F && (b[i + 2] | 0x20) == 'f' && (b[i + 3] | 0x20) == 'f') {
          value += 0x20;
        }
        b[o++] = (byte) value;
        i += 6;
      } else if (next == 'x' && i + 3 < n && Bytes.isHex(b[i + 2]) && Bytes.isHex(b[i + 3])) {
        b[o++] = (byte) (Bytes.hexValue(b[i + 2]) << 4 | Bytes.hexValue(b[i + 3]));
        i += 4;
      } else if (isOctal(next)) {
        int j = 1;
        while (j < 3 && i + 1 + j < n && isOctal(b[i + 1 + j])) {
          j++;
        }
        if (j == 3 && next > '3') {
          j = 2;
        }
        int value = 0;
        for (int k = 0; k < j; k++) {
          value = value << 3 | (b[i + 1 + k] - '0');
        }
        b[o++] = (byte) value;
        i += 1 + j;
      } else {
        b[o++] = (byte) control(next);
        i += 2;
      }
      changed = true;
    }
    return changed ? Bytes.string(b, o) : input;
  }

  /** The number (1-6) of hex digits from {@code pos} that a closing brace ends, or 0. */
  static int bracedHexDigits(byte[] b, int pos, int n) {
    int j = 0;
    while (j < 6 && pos + j < n && Bytes.isHex(b[pos + j])) {
      j++;
    }
    if (j == 0 || pos + j >= n || b[pos + j] != '}') {
      return 0;
    }
    return j;
  }

  static boolean isOctal(byte c) {
    return c >= '0' && c <= '7';
  }

  /** The character a backslash and {@code c} stand for: a C control escape, otherwise {@code c} itself. */
  static int control(byte c) {
    switch (c) {
      case 'a':
        return 0x07;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'v':
        return 0x0B;
      default:
        return c & 0xFF;
    }
  }
}
