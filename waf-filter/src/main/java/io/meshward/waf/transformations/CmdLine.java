package io.meshward.waf.transformations;

/**
 * {@code cmdLine}: normalises Windows and Unix command lines so that obfuscated commands match plain ones.
 *
 * <ul>
 *   <li>deletes {@code \ " ' ^};
 *   <li>turns every run of space, tab, CR, LF, {@code ,} and {@code ;} into one space;
 *   <li>deletes a space (so produced) right before {@code /} or {@code (};
 *   <li>lowercases ASCII letters.
 * </ul>
 *
 * <p>A deleted character does not interrupt a run: {@code "a ^ b"} is {@code "a b"}. Coraza and ModSecurity agree.
 */
final class CmdLine implements Transformation {
  static final CmdLine INSTANCE = new CmdLine();

  private CmdLine() {}

  @Override
  public String apply(String input) {
    int n = input.length();
    int i = 0;
    while (i < n && !mayChange(input.charAt(i))) {
      i++;
    }
    if (i == n) {
      return input;
    }
    byte[] b = Bytes.of(input);
    int o = i;
    boolean space = false;
    for (; i < n; i++) {
      byte c = b[i];
      switch (c) {
        case '"':
        case '\'':
        case '\\':
        case '^':
          break;
        case ' ':
        case ',':
        case ';':
        case '\t':
        case '\r':
        case '\n':
          if (!space) {
            b[o++] = ' ';
            space = true;
          }
          break;
        case '/':
        case '(':
          if (space) {
            o--;
          }
          space = false;
          b[o++] = c;
          break;
        default:
          b[o++] = c >= 'A' && c <= 'Z' ? (byte) (c + ('a' - 'A')) : c;
          space = false;
      }
    }
    // Spaces before '/' and single spaces are the only chars that may survive unchanged; compare to be exact.
    String result = Bytes.string(b, o);
    return result.equals(input) ? input : result;
  }

  private static boolean mayChange(char c) {
    switch (c) {
      case '"':
      case '\'':
      case '\\':
      case '^':
      case ',':
      case ';':
      case '\t':
      case '\r':
      case '\n':
        return true;
      case ' ':
        // A single space is kept as it is, unless a '/' or '(' or another separator follows.
        return true;
      default:
        return c >= 'A' && c <= 'Z';
    }
  }
}
