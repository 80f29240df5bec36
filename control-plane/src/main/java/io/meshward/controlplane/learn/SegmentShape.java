package io.meshward.controlplane.learn;

/**
 * What one path segment looks like: a word that names a resource ({@code users}, {@code v2}, {@code orders.json})
 * or a value that identifies one instance of it (a number, a UUID, a hex or base64 id, a date). Values become
 * placeholders in path templates, so that {@code /users/123} and {@code /users/456} are one edge. Pure functions.
 */
public final class SegmentShape {
  /** The placeholder for identifiers: numbers, UUIDs, hex and base64 ids. */
  public static final String ID = "{id}";
  /** The placeholder for calendar dates and timestamps. */
  public static final String DATE = "{date}";
  /** The wildcard a segment collapses to when it takes too many distinct values, or cannot be a name at all. */
  public static final String ANY = "*";

  /** Longest segment kept as a name; longer ones are values (or garbage) whatever they look like. */
  static final int MAX_NAME_LENGTH = 64;

  private SegmentShape() {}

  /** The segment as it appears in a template: itself when it is a name, else a placeholder. */
  public static String templateOf(String segment) {
    if (segment.isEmpty()) {
      return segment;
    }
    if (isUuid(segment)) {
      return ID; // before the character check: a braced UUID is still an id
    }
    if (!printable(segment)) {
      return ANY;
    }
    if (isDate(segment)) {
      return DATE;
    }
    if (isNumber(segment) || isUuid(segment) || isHexId(segment) || isBase64Id(segment)) {
      return ID;
    }
    return segment.length() > MAX_NAME_LENGTH ? ANY : segment;
  }

  /** Whether the text is a placeholder or the wildcard rather than a name. */
  public static boolean isPlaceholder(String templateSegment) {
    return ID.equals(templateSegment) || DATE.equals(templateSegment) || ANY.equals(templateSegment);
  }

  static boolean isNumber(String s) {
    int start = s.charAt(0) == '-' && s.length() > 1 ? 1 : 0;
    for (int i = start; i < s.length(); i++) {
      if (!digit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** 8-4-4-4-12 hex digits, either case, optionally braced. */
  static boolean isUuid(String s) {
    String u = s.length() == 38 && s.charAt(0) == '{' && s.charAt(37) == '}' ? s.substring(1, 37) : s;
    if (u.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = u.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !hex(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * At least 8 hex digits with at least one decimal digit and one letter: object ids, hashes, short commit ids.
   * Words made of a-f only ({@code deadbeef}, {@code facade}) stay names.
   */
  static boolean isHexId(String s) {
    if (s.length() < 8) {
      return false;
    }
    boolean digit = false;
    boolean letter = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!hex(c)) {
        return false;
      }
      digit |= digit(c);
      letter |= !digit(c);
    }
    return digit && letter || digit && s.length() >= 16;
  }

  /**
   * Base64 or base64url text that reads as a token, not a word: at least 16 characters with digits and letters
   * mixed, or at least 10 with digits and both cases ({@code dQw4w9WgXcQ}). Padding is allowed at the end.
   */
  static boolean isBase64Id(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    if (end < 10) {
      return false;
    }
    int digits = 0;
    int lower = 0;
    int upper = 0;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (digit(c)) {
        digits++;
      } else if (c >= 'a' && c <= 'z') {
        lower++;
      } else if (c >= 'A' && c <= 'Z') {
        upper++;
      } else if (c != '-' && c != '_' && c != '+') {
        return false;
      }
    }
    if (end >= 16) {
      return digits > 0 && lower + upper > 0;
    }
    return digits >= 2 && lower > 0 && upper > 0;
  }

  /**
   * A calendar date, alone or starting a timestamp: {@code 2026-11-27}, {@code 2026-11-27T10:15:00Z},
   * {@code 20261127} is a number (an id) instead.
   */
  static boolean isDate(String s) {
    if (s.length() < 10) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      char c = s.charAt(i);
      if (i == 4 || i == 7 ? c != '-' : !digit(c)) {
        return false;
      }
    }
    int month = (s.charAt(5) - '0') * 10 + (s.charAt(6) - '0');
    int day = (s.charAt(8) - '0') * 10 + (s.charAt(9) - '0');
    if (month < 1 || month > 12 || day < 1 || day > 31) {
      return false;
    }
    if (s.length() == 10) {
      return true;
    }
    char t = s.charAt(10);
    if (t != 'T' && t != 't' && t != '_') {
      return false;
    }
    for (int i = 11; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!digit(c) && c != ':' && c != '.' && c != '+' && c != '-' && c != 'Z' && c != 'z') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether every character may stand in a literal path segment of a policy's path pattern (RFC 3986 pchar): a
   * segment with anything else (spaces, quotes, brackets, control or non-ASCII bytes) cannot be written back as a
   * name, so it is a wildcard.
   */
  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
      if (!alnum && "-._~!$&'()+,;=:@%".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean hex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }
}
