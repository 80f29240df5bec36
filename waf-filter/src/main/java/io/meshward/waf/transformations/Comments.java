package io.meshward.waf.transformations;

/**
 * The comment transformations.
 *
 * <ul>
 *   <li>{@code replaceComments}: each C comment {@code /* ... *}{@code /} becomes one space; an unterminated comment
 *       runs to the end and becomes one space too. Outside a comment a lone {@code *}{@code /} is kept.
 *   <li>{@code removeCommentsChar}: deletes the comment markers themselves, {@code /*}, {@code *}{@code /},
 *       {@code <!--}, {@code -->}, {@code --} and {@code #}, keeping the text between them.
 * </ul>
 *
 * <p>Coraza and ModSecurity agree.
 */
final class Comments {
  static final Transformation REPLACE = Comments::replace;
  static final Transformation REMOVE_CHARS = Comments::removeChars;

  private Comments() {}

  static String replace(String input) {
    int i = input.indexOf("/*");
    if (i < 0) {
      return input;
    }
    int n = input.length();
    byte[] b = Bytes.of(input);
    int o = i;
    boolean inComment = false;
    while (i < n) {
      if (!inComment) {
        if (b[i] == '/' && i + 1 < n && b[i + 1] == '*') {
          inComment = true;
          i += 2;
        } else {
          b[o++] = b[i++];
        }
      } else if (b[i] == '*' && i + 1 < n && b[i + 1] == '/') {
        inComment = false;
        i += 2;
        b[o++] = ' ';
      } else {
        i++;
      }
    }
    if (inComment) {
      b[o++] = ' ';
    }
    return Bytes.string(b, o);
  }

  static String removeChars(String input) {
    int n = input.length();
    int i = 0;
    while (i < n && !startsMarker(input, i, n)) {
      i++;
    }
    if (i == n) {
      return input;
    }
    byte[] b = Bytes.of(input);
    int o = i;
    while (i < n) {
      byte c = b[i];
      if (c == '/' && i + 1 < n && b[i + 1] == '*') {
        i += 2;
      } else if (c == '*' && i + 1 < n && b[i + 1] == '/') {
        i += 2;
      } else if (c == '<' && i + 3 < n && b[i + 1] == '!' && b[i + 2] == '-' && b[i + 3] == '-') {
        i += 4;
      } else if (c == '-' && i + 2 < n && b[i + 1] == '-' && b[i + 2] == '>') {
        i += 3;
      } else if (c == '-' && i + 1 < n && b[i + 1] == '-') {
        i += 2;
      } else if (c == '#') {
        i++;
      } else {
        b[o++] = c;
        i++;
      }
    }
    return Bytes.string(b, o);
  }

  /** Whether a marker starts at {@code i} ('-->' starts with '--'). */
  private static boolean startsMarker(String s, int i, int n) {
    char c = s.charAt(i);
    if (c == '#') {
      return true;
    }
    if (i + 1 >= n) {
      return false;
    }
    char d = s.charAt(i + 1);
    return (c == '/' && d == '*')
        || (c == '*' && d == '/')
        || (c == '-' && d == '-')
        || (c == '<' && d == '!' && i + 3 < n && s.charAt(i + 2) == '-' && s.charAt(i + 3) == '-');
  }
}
