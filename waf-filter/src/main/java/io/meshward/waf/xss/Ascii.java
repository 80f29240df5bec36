package io.meshward.waf.xss;

/**
 * Byte-string helpers. Inputs hold one char per byte; only ASCII letters fold case, so bytes 0x80-0xFF (and any
 * char above 0xFF) compare only with themselves, as in the C reference.
 */
final class Ascii {
  private Ascii() {}

  static char toLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  static String toLower(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (out == null) {
          out = new StringBuilder(s);
        }
        out.setCharAt(i, toLower(c));
      }
    }
    return out == null ? s : out.toString();
  }

  /**
   * {@code s} lower-cased without its NUL bytes: browsers drop NULs in names, so the reference compares names with
   * NULs ignored.
   */
  static String lowerWithoutNuls(CharSequence s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\0') {
        out.append(toLower(c));
      }
    }
    return out.toString();
  }

  /**
   * Whether {@code s} starts with the lower-case ASCII {@code prefix}, ignoring ASCII case only (unlike
   * {@link String#regionMatches(boolean, int, String, int, int)}, which would also fold e.g. U+017F to 's').
   */
  static boolean startsWithIgnoreCase(CharSequence s, String prefix) {
    if (s.length() < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (toLower(s.charAt(i)) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** {@link #startsWithIgnoreCase} for the region {@code s[from, to)}, read in place. */
  static boolean regionStartsWithIgnoreCase(String s, int from, int to, String prefix) {
    if (to - from < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (toLower(s.charAt(from + i)) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s}, with its NUL bytes dropped, starts with the lower-case ASCII {@code prefix}. */
  static boolean startsWithIgnoringNuls(CharSequence s, String prefix) {
    int matched = 0;
    for (int i = 0; i < s.length() && matched < prefix.length(); i++) {
      char c = s.charAt(i);
      if (c == '\0') {
        continue;
      }
      if (toLower(c) != prefix.charAt(matched)) {
        return false;
      }
      matched++;
    }
    return matched == prefix.length();
  }
}
