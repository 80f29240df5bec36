package io.meshward.waf.regex;

/** A pattern is not valid PCRE, or uses a PCRE construct that this engine does not support. */
public final class RegexSyntaxException extends Exception {
  private final String pattern;
  private final int index;

  public RegexSyntaxException(String description, String pattern, int index) {
    super(description + (index >= 0 ? " at offset " + index : "") + " in /" + abbreviate(pattern) + "/");
    this.pattern = pattern;
    this.index = index;
  }

  /** The pattern as written. */
  public String pattern() {
    return pattern;
  }

  /** The offset in the pattern where the problem was found, or -1. */
  public int index() {
    return index;
  }

  private static String abbreviate(String pattern) {
    return pattern.length() <= 200 ? pattern : pattern.substring(0, 200) + "...";
  }
}
