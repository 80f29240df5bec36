package io.meshward.waf.xss;

import java.util.List;

/**
 * Whether a URL-valued attribute starts with a scheme that runs code or hides content: {@code data},
 * {@code view-source}, {@code java} (covers {@code javascript}) or {@code vbscript}. No colon is required.
 *
 * <p>Browsers decode character references in attribute values before looking at the scheme, so numeric references
 * ({@code &#106;}, {@code &#x6A;}, with or without {@code ;}) are decoded while matching; named ones are not.
 */
final class UrlSchemes {
  private static final List<String> DANGEROUS = List.of("data", "view-source", "java", "vbscript");
  /** Larger numeric references are not decoded (the {@code &} is taken literally). */
  private static final int MAX_DECODED = 0x1000FF;

  private UrlSchemes() {}

  static boolean isDangerous(String value) {
    int start = 0;
    // Leading control bytes, spaces and non-ASCII bytes are skipped (the reference compares signed chars).
    while (start < value.length() && (value.charAt(start) <= 0x20 || value.charAt(start) >= 0x7F)) {
      start++;
    }
    for (String scheme : DANGEROUS) {
      if (startsWithDecoded(value, start, scheme)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Matches {@code scheme} (lower case) against the decoded characters of {@code value} from {@code start}. Decoded
   * characters up to 0x20 are skipped before the first matched one; NUL and LF are skipped everywhere, as browsers
   * strip them from URLs.
   */
  private static boolean startsWithDecoded(String value, int start, String scheme) {
    int pos = start;
    int matched = 0;
    while (matched < scheme.length()) {
      if (pos >= value.length()) {
        return false;
      }
      long decoded = decodeAt(value, pos);
      int c = (int) (decoded >>> 32);
      pos = (int) decoded;
      if (c == 0 || c == '\n' || (matched == 0 && c <= 0x20)) {
        continue;
      }
      if (c > 0x7F || Ascii.toLower((char) c) != scheme.charAt(matched)) {
        return false;
      }
      matched++;
    }
    return true;
  }

  /**
   * The character at {@code pos} after numeric-reference decoding, packed as (char << 32 | next position): a
   * reference is {@code &#} plus decimal digits or {@code &#x}/{@code &#X} plus hex digits, and an optional
   * {@code ;}. Anything else, including a reference without digits or above {@link #MAX_DECODED}, is one literal
   * char.
   */
  static long decodeAt(String value, int pos) {
    char c = value.charAt(pos);
    long literal = ((long) c << 32) | (pos + 1);
    if (c != '&' || pos + 2 >= value.length() || value.charAt(pos + 1) != '#') {
      return literal;
    }
    int i = pos + 2;
    int radix = 10;
    if (value.charAt(i) == 'x' || value.charAt(i) == 'X') {
      radix = 16;
      i++;
    }
    int digitsStart = i;
    int code = 0;
    while (i < value.length()) {
      int digit = Character.digit(value.charAt(i), radix);
      if (digit < 0 || value.charAt(i) > 0x7F) {
        break;
      }
      code = code * radix + digit;
      if (code > MAX_DECODED) {
        return literal;
      }
      i++;
    }
    if (i == digitsStart) {
      return literal;
    }
    if (i < value.length() && value.charAt(i) == ';') {
      i++;
    }
    return ((long) code << 32) | i;
  }
}
