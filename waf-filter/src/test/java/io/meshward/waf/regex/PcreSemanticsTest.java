package io.meshward.waf.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a pattern means: PCRE2 on bytes, DOTALL | MULTILINE, as libmodsecurity runs {@code @rx}. Each case runs on
 * java.util.regex, on RE2/J (where RE2 can express the pattern) and through {@link SafeRegex}; all must give the
 * expected match (group 0), or no match ({@code -}).
 *
 * <p>Inputs use {@code \n}, {@code \t}, {@code \v} and {@code \xHH} escapes, decoded before matching.
 */
class PcreSemanticsTest {

  @ParameterizedTest(name = "/{0}/ on \"{1}\" -> {2}")
  @CsvSource(delimiterString = " | ", quoteCharacter = '`', value = {
    // Dot matches everything; ^ and $ work per line.
    "a.c                       | a\\nc                 | a\\nc",
    "^b                        | a\\nb                 | b",
    "a$                        | a\\nb                 | a",
    "^$                        | ``                    | ``",
    "^\\d+$                    | 12\\n                 | 12",
    "^x*$                      | a\\n                  | -",
    "^x*$                      | a\\n\\nb              | ``",
    "x\\Z                      | x\\n                  | x",
    "x\\z                      | x\\n                  | -",
    "\\Ax                      | ax                    | -",
    // (?s) and (?m) can be switched off.
    "(?-s)a.c                  | a\\nc                 | -",
    "(?-m)^b                   | a\\nb                 | -",
    "(?-m)a$                   | a\\n                  | a",
    "(?-m)a$                   | a\\nb                 | -",
    // Bytes, not characters.
    "\\x{c3}\\x{a9}            | caf\\xc3\\xa9         | \\xc3\\xa9",
    "^.{5}$                    | caf\\xc3\\xa9         | caf\\xc3\\xa9",
    "\\xe9                     | \\xe9                 | \\xe9",
    "[\\x80-\\xff]+            | a\\xc3\\xa9b          | \\xc3\\xa9",
    "\\101                     | A                     | A",
    "\\0101                    | \\x081                | \\x081",
    "[\\101-\\103]+            | ABCD                  | ABC",
    "\\cA                      | \\x01                 | \\x01",
    // ASCII-only word characters, digits, boundaries and case folding.
    "\\bfoo\\b                 | \\xe9foo\\xe9         | foo",
    "\\Bfoo                    | \\xe9foo              | -",
    "\\w+                      | \\xe9ab\\xe9          | ab",
    "\\W+                      | ab\\xe9\\xc0cd        | \\xe9\\xc0",
    "[[:alpha:]]+              | \\xe9abc              | abc",
    "\\d+                      | \\xb2\\xb312          | 12",
    "(?i)abc                   | xABCx                 | ABC",
    "(?i)\\xe9                 | \\xc9                 | -",
    "(?i)[a-c]+                | xBaCx                 | BaC",
    "(?i)[^a]                  | Ab                    | b",
    "(?i)[\\xe0-\\xe2]         | \\xc0                 | -",
    // \\s is [\\t\\n\\v\\f\\r ] (with VT), \\h and \\v as PCRE2.
    "a\\sb                     | a\\vb                 | a\\vb",
    "a\\sb                     | a\\xa0b               | -",
    "a\\Sb                     | a\\vb                 | -",
    "a\\hb                     | a\\xa0b               | a\\xa0b",
    "a\\vb                     | a\\x85b               | a\\x85b",
    "a\\vb                     | a\\vb                 | a\\vb",
    "a\\Rb                     | a\\r\\nb              | a\\r\\nb",
    "a\\Nb                     | a\\nb                 | -",
    // PCRE syntax Java rejects: literal braces, '[' in a class, '-' beside a class escape.
    "a{                        | a{                    | a{",
    "a{1                       | a{1                   | a{1",
    "a{,2}                     | a{,2}                 | a{,2}",
    "a{2}                      | aaa                   | aa",
    "a{2,}                     | aaa                   | aaa",
    "a{1,2}?                   | aaa                   | a",
    "x{                        | x{a                   | x{",
    "[[]+                      | [[a                   | [[",
    "[a[]+                     | b[a[                  | [a[",
    "[]a]+                     | b]a]                  | ]a]",
    "[^]a]+                    | ]]bc]                 | bc",
    "[\\w-.]+                  | a-b.c!                | a-b.c",
    "[a\\-z]+                  | b-az                  | -az",
    "[\\]]                     | x]                    | ]",
    "[\\b]                     | \\x08                 | \\x08",
    "[[:^digit:]]+             | 12ab3                 | ab",
    "[[.x]                     | .                     | .",
    // Alternation priority and captures follow Perl's leftmost-first.
    "a|ab                      | ab                    | a",
    "(a|ab)(c|bcd)             | abcd                  | abcd",
    "x*                        | aaa                   | ``",
    "(?:ab)+?c                 | ababc                 | ababc",
    // Quoting, comments, extended mode, options in groups.
    "\\Qa.b\\E+                | a.bbb                 | a.bbb",
    "a(?#comment)b             | ab                    | ab",
    "(?x) a b (?#c) c          | abc                   | abc",
    "(?x)[ ]a                  | ` a`                  | ` a`",
    "a(?i:b)c                  | aBc                   | aBc",
    "a(?i:b)c                  | aBC                   | -",
    "(a(?i)b)c                 | aBc                   | aBc",
    "(a(?i)b)c                 | aBC                   | -",
    "(?i)a(?-i)b               | Ab                    | Ab",
    "(?i)a(?-i)b               | AB                    | -",
    "(?i:a|b)c                 | Bc                    | Bc",
    // Named groups are numbered groups.
    "(?<y>\\d{4})-(?P<m>\\d\\d) | on 2024-05          | 2024-05",
  })
  void matchesAsPcreDoes(String pattern, String input, String expected) throws RegexSyntaxException {
    String decodedInput = decode(input);
    String decodedExpected = expected.equals("-") ? null : decode(expected);
    SafeRegex regex = SafeRegex.compile(pattern);
    RegexBudget budget = RegexBudget.DEFAULT;
    SafeRegex.Match java = regex.javaMatch(decodedInput, 0, budget.stepsFor(decodedInput.length()), 1_000_000_000L);
    assertThat(group0(java)).as("java.util.regex: %s", regex.javaPattern()).isEqualTo(decodedExpected);
    if (regex.re2Unsupported() == null) {
      assertThat(group0(regex.re2Match(decodedInput, 0))).as("RE2/J: %s", regex.re2Pattern())
          .isEqualTo(decodedExpected);
    }
    assertThat(group0(regex.match(decodedInput, 0))).as("SafeRegex").isEqualTo(decodedExpected);
  }

  @org.junit.jupiter.api.Test
  void extendedModeSkipsWhitespaceAndCommentsUpToTheNewline() throws RegexSyntaxException {
    SafeRegex regex = SafeRegex.compile("(?x) a b # a comment \n c [ ]d \\ e");
    assertThat(regex.match("abc d e", 0).groups()).containsExactly("abc d e");
  }

  @ParameterizedTest(name = "/{0}/ on \"{1}\" -> {2}")
  @CsvSource(delimiterString = " | ", value = {
    "(a)\\1                 | xaa       | aa",
    "(?i)(a)\\1             | aA        | aA",
    "(?<n>a)\\k<n>          | aa        | aa",
    "(a)(b)\\g{-1}          | abb       | abb",
    "a(?=b)                 | ab        | a",
    "a(?!b)                 | abac      | a",
    "(?<=x)a                | ya xa     | a",
    "(?<!x)a                | xa ya     | a",
    "(?>a+)b                | aab       | aab",
    "a++b                   | aab       | aab",
    "a++a                   | aaa       | -",
    "\\Ga                   | aab       | a",
  })
  void javaOnlyConstructsWorkAndHaveNoRe2Fallback(String pattern, String input, String expected)
      throws RegexSyntaxException {
    SafeRegex regex = SafeRegex.compile(pattern);
    assertThat(regex.re2Unsupported()).isNotNull();
    assertThat(group0(regex.match(input, 0))).isEqualTo(expected.equals("-") ? null : expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "(", "a)", "*a", "a**", "[a", "a{2,1}", "\\", "(?<n>a)(?<n>b)", "\\2(a)", "a{2}*", "\\u0041", "\\x{100}", "[z-a]",
    "(?R)", "(?(1)a|b)", "(*FAIL)", "(?|a)", "\\K", "a\\X", "(?U)a", "[[:nope:]]", "[[=a=]]", "\\p{Nope}", "\\q",
  })
  void rejectsWhatPcreRejectsAndWhatWeDoNotSupport(String pattern) {
    assertThatThrownBy(() -> SafeRegex.compile(pattern)).isInstanceOf(RegexSyntaxException.class);
  }

  @org.junit.jupiter.api.Test
  void groupsNestAsDeepAsPcre2AllowsAndDeeperIsAnErrorNotAStackOverflow() throws RegexSyntaxException {
    int limit = PcreParser.MAX_NESTING;
    assertThat(SafeRegex.compile("(".repeat(limit) + "a" + ")".repeat(limit)).match("xa", 0).matched()).isTrue();
    assertThatThrownBy(() -> SafeRegex.compile("(?:".repeat(limit + 1) + "a" + ")".repeat(limit + 1)))
        .isInstanceOf(RegexSyntaxException.class).hasMessageContaining("nested more than 250 deep");
    // 4,000 opening parentheses: what a macro could build from request data
    assertThatThrownBy(() -> SafeRegex.compile("(".repeat(4000) + "a" + ")".repeat(4000)))
        .isInstanceOf(RegexSyntaxException.class);
  }

  private static String group0(SafeRegex.Match match) {
    assertThat(match.outcome()).isNotEqualTo(SafeRegex.Outcome.UNDECIDED);
    return match.matched() ? match.groups().get(0) : null;
  }

  /** Decodes \\n \\r \\t \\v and \\xHH (two hex digits) written in the test table. */
  static String decode(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(i + 1);
        switch (e) {
          case 'n' -> { out.append('\n'); i++; continue; }
          case 'r' -> { out.append('\r'); i++; continue; }
          case 't' -> { out.append('\t'); i++; continue; }
          case 'v' -> { out.append('\u000b'); i++; continue; }
          case 'x' -> {
            if (i + 3 < s.length() + 0 && Character.digit(s.charAt(i + 2), 16) >= 0
                && Character.digit(s.charAt(i + 3), 16) >= 0) {
              out.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
              i += 3;
              continue;
            }
          }
          default -> { }
        }
      }
      out.append(c);
    }
    return out.toString();
  }
}
