package io.meshward.waf.transformations;

/**
 * The whitespace transformations. Each has its own notion of whitespace, as in Coraza:
 *
 * <ul>
 *   <li>{@code compressWhitespace}: every run of tab, LF, VT, FF, CR, space, 0x85 and 0xA0 (single bytes) becomes
 *       one space. ModSecurity counts the same bytes except 0x85.
 *   <li>{@code removeWhitespace}: the value is read as UTF-8 and every Unicode {@code White_Space} character is
 *       deleted: the six ASCII ones, U+0085, U+00A0 (as C2 85 / C2 A0), U+1680, U+2000-U+200A, U+2028, U+2029, U+202F,
 *       U+205F and U+3000. Each byte that is not part of a valid UTF-8 sequence becomes U+FFFD (EF BF BD), so a lone
 *       0xA0 byte is replaced, not deleted. This is what Coraza does (Go's {@code strings.Map} with
 *       {@code unicode.IsSpace}); ModSecurity deletes the ASCII whitespace bytes and the byte 0xA0.
 *   <li>{@code trim}, {@code trimLeft}, {@code trimRight}: space, tab, LF, CR, FF and VT at the ends.
 * </ul>
 */
final class Whitespace {
  static final Transformation COMPRESS = Whitespace::compress;
  static final Transformation REMOVE = Whitespace::remove;
  static final Transformation TRIM = s -> trim(s, true, true);
  static final Transformation TRIM_LEFT = s -> trim(s, true, false);
  static final Transformation TRIM_RIGHT = s -> trim(s, false, true);

  private Whitespace() {}

  static boolean isCompressible(int c) {
    return (c >= '\t' && c <= '\r') || c == ' ' || c == 0x85 || c == 0xA0;
  }

  static boolean isTrimmable(int c) {
    return (c >= '\t' && c <= '\r') || c == ' ';
  }

  static String compress(String input) {
    int n = input.length();
    int i = 0;
    // The first place where something changes: a whitespace byte other than a space, or a second one in a row.
    while (i < n) {
      char c = input.charAt(i);
      if (isCompressible(c) && (c != ' ' || (i + 1 < n && isCompressible(input.charAt(i + 1))))) {
        break;
      }
      i++;
    }
    if (i == n) {
      return input;
    }
    byte[] b = Bytes.of(input);
    int o = i;
    boolean inSpace = false;
    for (; i < n; i++) {
      byte c = b[i];
      if (isCompressible(c & 0xFF)) {
        if (!inSpace) {
          b[o++] = ' ';
          inSpace = true;
        }
      } else {
        b[o++] = c;
        inSpace = false;
      }
    }
    return Bytes.string(b, o);
  }

  /** Unicode White_Space, as Go's {@code unicode.IsSpace}. */
  static boolean isUnicodeSpace(int cp) {
    if (cp <= 0xFF) {
      return isTrimmable(cp) || cp == 0x85 || cp == 0xA0;
    }
    return cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A)
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x202F
        || cp == 0x205F
        || cp == 0x3000;
  }

  static String remove(String input) {
    int n = input.length();
    int i = 0;
    while (i < n) {
      char c = input.charAt(i);
      if (c >= 0x80 || isTrimmable(c)) {
        break;
      }
      i++;
    }
    if (i == n) {
      return input;
    }
    byte[] b = Bytes.of(input);
    ByteBuf out = ByteBuf.withPrefix(b, i, n + 16);
    boolean changed = false;
    while (i < n) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        if (isTrimmable(c)) {
          changed = true;
        } else {
          out.add(c);
        }
        i++;
        continue;
      }
      int decoded = Bytes.decodeUtf8(b, i, n);
      int width = decoded & 7;
      if (decoded == Bytes.INVALID_UTF8) {
        out.addUtf8(0xFFFD);
        changed = true;
      } else if (isUnicodeSpace(decoded >>> 3)) {
        changed = true;
      } else {
        out.add(b, i, i + width);
      }
      i += width;
    }
    return changed ? out.toString() : input;
  }

  static String trim(String input, boolean left, boolean right) {
    int start = 0;
    int end = input.length();
    if (left) {
      while (start < end && isTrimmable(input.charAt(start))) {
        start++;
      }
    }
    if (right) {
      while (end > start && isTrimmable(input.charAt(end - 1))) {
        end--;
      }
    }
    return start == 0 && end == input.length() ? input : input.substring(start, end);
  }
}
