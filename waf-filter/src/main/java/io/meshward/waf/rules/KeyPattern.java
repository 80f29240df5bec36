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
  // REGEX: a literal every matching key contains (maybe ""), checked before RE2.
  private final String infix;
  private final Pattern regex;

  private KeyPattern(String source, Kind kind, String literal, String infix, Pattern regex) {
    this.source = source;
    this.kind = kind;
    this.literal = literal;
    this.infix = infix;
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
        return new KeyPattern(source, kind, literal, "", null);
      }
    }
    try {
      // Case-insensitive keys are matched lower-cased against a lower-cased pattern rather than with RE2's
      // case-insensitive flag: that keeps RE2's literal-prefix search, which makes the many keys of TX cheap.
      String pattern = caseSensitive ? source : lowerLiterals(source);
      String prefix = requiredPrefix(source);
      String infix = requiredInfix(source);
      return new KeyPattern(source, Kind.REGEX, caseSensitive ? prefix : Keys.lower(prefix),
          caseSensitive ? infix : Keys.lower(infix), Pattern.compile(pattern, Pattern.DOTALL));
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

  /**
   * The longest run of plain literal characters that every match holds, found outside groups and classes of a
   * pattern without alternation: {@code \x22?\x24Version} gives {@code Version}, {@code ab?cd} gives {@code cd}. A
   * character a quantifier may drop ends the run before it, one that {@code +} repeats ends it after it. Empty when
   * unsure: any {@code |}, any inline flag group ({@code (?i)} would change what a literal means) or no run of two.
   */
  static String requiredInfix(String source) {
    if (source.indexOf('|') >= 0 || source.contains("(?") || source.contains("\\Q") || source.contains("\\p")
        || source.contains("\\P") || source.contains("\\k") || source.contains("\\N")) {
      return "";
    }
    String best = "";
    StringBuilder run = new StringBuilder();
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (isPlainLiteral(String.valueOf(c))) {
        char next = i + 1 < n ? source.charAt(i + 1) : 0;
        if (next == '?' || next == '*' || next == '{') {
          best = longer(best, run);
          run.setLength(0);
        } else {
          run.append(c);
          if (next == '+') {
            best = longer(best, run);
            run.setLength(0);
          }
        }
        i++;
        continue;
      }
      best = longer(best, run);
      run.setLength(0);
      i = c == '\\' ? afterEscape(source, i) : c == '[' ? afterClass(source, i) : c == '(' ? afterGroup(source, i) : i + 1;
    }
    best = longer(best, run);
    return best.length() >= 2 ? best : "";
  }

  /**
   * Where the escape at {@code source[at] == '\\'} ends. An escaped letter or digit may take arguments ({@code \x24},
   * {@code \u0041}, {@code \012}, {@code \cZ}): the hex digits and braces after it are skipped too, which may skip a
   * literal but never takes an argument for one.
   */
  private static int afterEscape(String source, int at) {
    int i = at + 2;
    if (at + 1 >= source.length() || !Character.isLetterOrDigit(source.charAt(at + 1))) {
      return i;
    }
    if (source.charAt(at + 1) == 'c') {
      return i + 1;
    }
    while (i < source.length() && (Character.digit(source.charAt(i), 16) >= 0 || "{},".indexOf(source.charAt(i)) >= 0)) {
      i++;
    }
    return i;
  }

  private static String longer(String best, CharSequence run) {
    return run.length() > best.length() ? run.toString() : best;
  }

  /** Where the class opened at {@code source[at] == '['} ends (past its ']'), or the end of the source. */
  private static int afterClass(String source, int at) {
    int i = at + 1;
    if (i < source.length() && source.charAt(i) == '^') {
      i++;
    }
    if (i < source.length() && source.charAt(i) == ']') {
      i++; // a ']' first in a class is a member
    }
    while (i < source.length() && source.charAt(i) != ']') {
      i += source.charAt(i) == '\\' ? 2 : 1;
    }
    return i + 1;
  }

  /** Where the group opened at {@code source[at] == '('} ends (past its ')'), or the end of the source. */
  private static int afterGroup(String source, int at) {
    int depth = 0;
    int i = at;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        i = afterClass(source, i);
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i + 1;
      }
      i++;
    }
    return i;
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
      case REGEX -> key.startsWith(literal) && key.contains(infix) && regex.matcher(key).find();
    };
  }

  /** The regex as written. */
  public String source() {
    return source;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyPattern that && source.equals(that.source) && kind == that.kind
        && java.util.Objects.equals(literal, that.literal) && java.util.Objects.equals(infix, that.infix)
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
