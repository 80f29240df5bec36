package io.meshward.waf.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.meshward.waf.variables.Keys;

/**
 * A regex on collection keys ({@code TX:/^header_name_/}, {@code !ARGS:/^json\./}). Keys are matched with RE2, in
 * linear time whatever the key. Most key regexes CRS writes are a literal, often anchored at the start; those are
 * matched as string comparisons, since they run once per key for every rule that names them.
 */
public final class KeyPattern {
  private enum Kind { EXACT, PREFIX, CONTAINS, REGEX }

  private final String source;
  private final Kind kind;
  // EXACT, PREFIX, CONTAINS: the literal; REGEX: a prefix every matching key has (maybe ""), checked before RE2.
  private final String literal;
  private final Pattern regex;

  private KeyPattern(String source, Kind kind, String literal, Pattern regex) {
    this.source = source;
    this.kind = kind;
    this.literal = literal;
    this.regex = regex;
  }

  /**
   * Compiles {@code source}.
   *
   * @param caseSensitive false when keys are compared in ASCII lower case (all but the ARGS family); then
   *     {@link #matches} expects the lower-cased key
   * @throws IllegalArgumentException when the regex does not compile
   */
  public static KeyPattern compile(String source, boolean caseSensitive) {
    boolean start = source.startsWith("^");
    String body = start ? source.substring(1) : source;
    boolean end = body.endsWith("$") && !body.endsWith("\\$");
    if (end) {
      body = body.substring(0, body.length() - 1);
    } else {
      body = withoutTrailingStar(body);
    }
    if (!body.isEmpty() && isPlainLiteral(body)) {
      String literal = caseSensitive ? body : Keys.lower(body);
      Kind kind = start && end ? Kind.EXACT : start ? Kind.PREFIX : end ? null : Kind.CONTAINS;
      if (kind != null) {
        return new KeyPattern(source, kind, literal, null);
      }
    }
    try {
      // Case-insensitive keys are matched lower-cased against a lower-cased pattern rather than with RE2's
      // case-insensitive flag: that keeps RE2's literal-prefix search, which makes the many keys of TX cheap.
      String pattern = caseSensitive ? source : lowerLiterals(source);
      String prefix = requiredPrefix(source);
      return new KeyPattern(source, Kind.REGEX, caseSensitive ? prefix : Keys.lower(prefix),
          Pattern.compile(pattern, Pattern.DOTALL));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("key regex /" + source + "/ does not compile: " + e.getDescription());
    }
  }

  /**
   * The pattern with its literal ASCII letters in lower case. Escapes keep their case: {@code \S} is not
   * {@code \s}, and a property name ({@code \p{Lu}}) is copied whole.
   */
  static String lowerLiterals(String pattern) {
    StringBuilder out = new StringBuilder(pattern.length());
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        char escaped = pattern.charAt(++i);
        out.append(c).append(escaped);
        if ((escaped == 'p' || escaped == 'P') && i + 1 < pattern.length() && pattern.charAt(i + 1) == '{') {
          int close = pattern.indexOf('}', i);
          if (close > 0) {
            out.append(pattern, i + 1, close + 1);
            i = close;
          }
        }
      } else {
        out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
      }
    }
    return out.toString();
  }

  /**
   * Drops what a trailing {@code .*} or {@code x*} adds to an unanchored search: nothing, since it may match zero
   * times ({@code rfi_parameter_.*} finds what {@code rfi_parameter_} finds).
   */
  private static String withoutTrailingStar(String body) {
    int n = body.length();
    boolean atom = n >= 2 && body.charAt(n - 1) == '*' && (n == 2 || body.charAt(n - 3) != '\\')
        && (body.charAt(n - 2) == '.' || isPlainLiteral(body.substring(n - 2, n - 1)));
    return atom ? body.substring(0, n - 2) : body;
  }

  /**
   * The plain literal that an anchored pattern without alternation starts with: {@code ^_ga(?:_\w+)?$} gives
   * {@code _ga}; a character a quantifier may drop is left out ({@code ^ab?c} gives {@code a}). Empty when unsure.
   */
  static String requiredPrefix(String source) {
    if (!source.startsWith("^") || source.indexOf('|') >= 0) {
      return "";
    }
    int end = 1;
    while (end < source.length() && isPlainLiteral(source.substring(end, end + 1))) {
      end++;
    }
    if (end < source.length() && "?*{".indexOf(source.charAt(end)) >= 0) {
      end--;
    }
    return end <= 1 ? "" : source.substring(1, end);
  }

  /** Letters, digits, '_' and '-': characters that mean themselves in a regex, whatever the flags. */
  private static boolean isPlainLiteral(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
      if (!plain) {
        return false;
      }
    }
    return true;
  }

  /** Whether the regex finds a match in {@code key} (lower-cased when the pattern is case-insensitive). */
  public boolean matches(String key) {
    return switch (kind) {
      case EXACT -> key.equals(literal);
      case PREFIX -> key.startsWith(literal);
      case CONTAINS -> key.contains(literal);
      case REGEX -> key.startsWith(literal) && regex.matcher(key).find();
    };
  }

  /** The regex as written. */
  public String source() {
    return source;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyPattern that && source.equals(that.source) && kind == that.kind
        && java.util.Objects.equals(literal, that.literal)
        && (regex == null ? that.regex == null : that.regex != null && regex.pattern().equals(that.regex.pattern()));
  }

  @Override
  public int hashCode() {
    return source.hashCode() * 31 + kind.hashCode();
  }

  @Override
  public String toString() {
    return "/" + source + "/";
  }
}
