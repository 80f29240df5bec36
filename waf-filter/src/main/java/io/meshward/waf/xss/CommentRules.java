package io.meshward.waf.xss;

/** Comments that browsers (mostly old IE) interpret instead of ignoring. */
final class CommentRules {
  private CommentRules() {}

  /**
   * A back-quote anywhere (IE treated it as a quote, so it can close an attribute); a conditional comment
   * ({@code [if ...]}); an XML processing instruction or declaration ({@code xml}, {@code import},
   * {@code entity}) that bogus-comment parsing swallowed.
   */
  static boolean isDangerous(String comment) {
    if (comment.indexOf('`') >= 0) {
      return true;
    }
    if (comment.length() > 3 && (Ascii.startsWithIgnoreCase(comment, "[if") || Ascii.startsWithIgnoreCase(comment,
        "xml"))) {
      return true;
    }
    if (comment.length() > 5) {
      return Ascii.startsWithIgnoringNuls(comment, "import") || Ascii.startsWithIgnoringNuls(comment, "entity");
    }
    return false;
  }
}
