package io.meshward.waf.transformations;

/**
 * {@code escapeSeqDecode}: ANSI C escape sequences.
 *
 * <ul>
 *   <li>{@code \a \b \f \n \r \t \v \\ \? \' \"}: the character they stand for;
 *   <li>{@code \xHH} or {@code \XHH}: the byte HH;
 *   <li>{@code \O}, {@code \OO}, {@code \OOO}: up to three octal digits, keeping the low byte ({@code \101} is
 *       {@code A}, {@code \666} is 0xB6);
 *   <li>a backslash before anything else is dropped ({@code \8} is {@code 8}, {@code \xg} is {@code xg}); a backslash
 *       at the very end is kept.
 * </ul>
 *
 * <p>Coraza and ModSecurity agree.
 */
final class EscapeSeqDecode implements Transformation {
  static final EscapeSeqDecode INSTANCE = new EscapeSeqDecode();

  private EscapeSeqDecode() {}

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
      if (c != '\\' || i + 1 >= n) {
        b[o++] = c;
        i++;
        continue;
      }
      changed = true;
      byte next = b[i + 1];
      int simple = simpleEscape(next);
      if (simple >= 0) {
        b[o++] = (byte) simple;
        i += 2;
      } else if ((next == 'x' || next == 'X') && i + 3 < n && Bytes.isHex(b[i + 2]) && Bytes.isHex(b[i + 3])) {
        b[o++] = (byte) (Bytes.hexValue(b[i + 2]) << 4 | Bytes.hexValue(b[i + 3]));
        i += 4;
      } else if (JsDecode.isOctal(next)) {
        int j = 2;
        while (j < 4 && i + j < n && JsDecode.isOctal(b[i + j])) {
          j++;
        }
        int value = 0;
        for (int k = 1; k < j; k++) {
          value = value << 3 | (b[i + k] - '0');
        }
        b[o++] = (byte) value;
        i += j;
      } else {
        b[o++] = next;
        i += 2;
      }
    }
    return changed ? Bytes.string(b, o) : input;
  }

  private static int simpleEscape(byte c) {
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
      case '\\':
      case '?':
      case '\'':
      case '"':
        return c;
      default:
        return -1;
    }
  }
}
