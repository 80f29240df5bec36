package io.meshward.policy.yaml;

/**
 * Renders text taken from the input for an error message. Errors are printed one per line, so a line break in a value
 * must not start a fake error; and a hostile megabyte-long value must not be repeated in every message.
 */
final class Quote {
  static final int MAX_SHOWN = 80;

  private Quote() {}

  /** {@code "value"} with escapes, shortened when long. */
  static String value(String text) {
    return '"' + escaped(text) + '"';
  }

  /** {@code 'name'} with escapes, shortened when long: how messages name fields. */
  static String field(String text) {
    return '\'' + escaped(text) + '\'';
  }

  static String escaped(String text) {
    return escaped(text, MAX_SHOWN);
  }

  /** {@code text} on one line, control characters escaped, at most {@code max} characters of it. */
  static String escaped(String text, int max) {
    return escaped(text, max, true);
  }

  /**
   * A message of the YAML library on one line: line breaks and control characters escaped, but quotes and
   * backslashes left as they are, since the message is not itself quoted.
   */
  static String oneLine(String text, int max) {
    return escaped(text, max, false);
  }

  private static String escaped(String text, int max, boolean escapeQuoting) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
    int shown = 0;
    for (int i = 0; i < text.length(); ) {
      if (shown == max) {
        return out.append("...").toString();
      }
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      shown++;
      switch (cp) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '"' -> out.append(escapeQuoting ? "\\\"" : "\"");
        case '\\' -> out.append(escapeQuoting ? "\\\\" : "\\");
        default -> {
          if (Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE
              || Character.getType(cp) == Character.LINE_SEPARATOR
              || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
            out.append(String.format("\\u%04X", cp));
          } else {
            out.appendCodePoint(cp);
          }
        }
      }
    }
    return out.toString();
  }
}
