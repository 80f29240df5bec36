package io.meshward.waf.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyPatternTest {
  @Test
  void literalPatternsCompareStrings() {
    assertThat(KeyPattern.compile("^header_name_", false).matches("header_name_x-forwarded")).isTrue();
    assertThat(KeyPattern.compile("^header_name_", false).matches("xheader_name_")).isFalse();
    assertThat(KeyPattern.compile("utm", false).matches("__utmz")).isTrue();
    assertThat(KeyPattern.compile("^token$", false).matches("token")).isTrue();
    assertThat(KeyPattern.compile("^token$", false).matches("tokens")).isFalse();
    assertThat(KeyPattern.compile("session$", false).matches("my_session")).isTrue();
    assertThat(KeyPattern.compile("session$", false).matches("session_id")).isFalse();
  }

  @Test
  void aTrailingStarAddsNothingToASearch() {
    assertThat(KeyPattern.compile("rfi_parameter_.*", false).matches("rfi_parameter_url")).isTrue();
    assertThat(KeyPattern.compile("rfi_parameter_.*", false).matches("rfi_parameter")).isFalse();
    assertThat(KeyPattern.compile("MULTIPART_HEADERS_CONTENT_TYPES_*", false)
        .matches("multipart_headers_content_types")).isTrue();
    assertThat(KeyPattern.compile("a\\d*", false).matches("a")).isTrue();
    assertThat(KeyPattern.compile("a\\d*", false).matches("b")).isFalse();
  }

  @Test
  void caseInsensitivePatternsMatchTheLowerCasedKey() {
    KeyPattern pattern = KeyPattern.compile("^MULTIPART_HEADERS_CONTENT_TYPES_*", false);
    assertThat(pattern.matches("multipart_headers_content_types_1")).isTrue();
    assertThat(KeyPattern.compile("^X-Custom-", false).matches("x-custom-header")).isTrue();
  }

  @Test
  void escapesKeepTheirMeaningWhenLiteralsAreLowerCased() {
    KeyPattern notSpace = KeyPattern.compile("^A\\S$", false);
    assertThat(notSpace.matches("ab")).isTrue();
    assertThat(notSpace.matches("a ")).isFalse();
    assertThat(KeyPattern.lowerLiterals("^AB\\W\\p{Lu}[A-Z]")).isEqualTo("^ab\\W\\p{Lu}[a-z]");
  }

  @Test
  void caseSensitivePatternsCompareKeysAsWritten() {
    KeyPattern pattern = KeyPattern.compile("^Token$", true);
    assertThat(pattern.matches("Token")).isTrue();
    assertThat(pattern.matches("token")).isFalse();
  }

  @Test
  void anAnchoredRegexIsFilteredByItsLiteralPrefixFirst() {
    assertThat(KeyPattern.requiredPrefix("^_ga(?:_\\w+)?$")).isEqualTo("_ga");
    assertThat(KeyPattern.requiredPrefix("^pbjs-\\w+$")).isEqualTo("pbjs-");
    assertThat(KeyPattern.requiredPrefix("^ab?c")).isEqualTo("a");
    assertThat(KeyPattern.requiredPrefix("^a|b")).isEmpty();
    assertThat(KeyPattern.requiredPrefix("ab.c")).isEmpty();

    KeyPattern ga = KeyPattern.compile("^_ga(?:_\\w+)?$", false);
    assertThat(ga.matches("_ga")).isTrue();
    assertThat(ga.matches("_ga_x1y2")).isTrue();
    assertThat(ga.matches("_gat")).isFalse();
    assertThat(ga.matches("x_ga")).isFalse();
  }

  @Test
  void aRegexThatDoesNotCompileIsRejectedWithItsSource() {
    assertThatThrownBy(() -> KeyPattern.compile("^(unclosed", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/^(unclosed/");
  }

  @Test
  void aRegexIsFilteredByALiteralEveryMatchHolds() {
    assertThat(KeyPattern.requiredInfix("\\x22?\\x24Version")).isEqualTo("Version");
    assertThat(KeyPattern.requiredInfix("ab?cd")).isEqualTo("cd");
    assertThat(KeyPattern.requiredInfix("xy+z")).isEqualTo("xy");
    assertThat(KeyPattern.requiredInfix("[Version]ab(cdefg)")).isEqualTo("ab");
    assertThat(KeyPattern.requiredInfix("(?i)Version")).isEmpty();
    assertThat(KeyPattern.requiredInfix("Version|x")).isEmpty();
    assertThat(KeyPattern.requiredInfix("a.b")).isEmpty();
    assertThat(KeyPattern.requiredInfix("\\cZab\\u0041bcd")).isEqualTo("ab");

    KeyPattern version = KeyPattern.compile("\\x22?\\x24Version", false);
    assertThat(version.matches("$version")).isTrue();
    assertThat(version.matches("\"$version")).isTrue();
    assertThat(version.matches("version")).isFalse();
    assertThat(version.matches("session")).isFalse();
  }

  @Test
  void theLiteralFiltersNeverChangeWhatARegexMatches() {
    String[] patterns = {"\\x22?\\x24Version", "ab?cd", "xy+z", "a[bc]de+f", "(ab)?cde", "q{2}rs", "^ab?cd$", "c\\.d-e",
        "[^a]bc*de", "(?:ab|cd)ef", "x(?:y(z)+)*w_-"};
    String alphabet = "abcdefqrsxyzw_-.$\"V";
    java.util.Random random = new java.util.Random(11);
    for (String source : patterns) {
      KeyPattern pattern = KeyPattern.compile(source, true);
      java.util.regex.Pattern reference = java.util.regex.Pattern.compile(source, java.util.regex.Pattern.DOTALL);
      for (int i = 0; i < 3_000; i++) {
        StringBuilder key = new StringBuilder();
        for (int j = random.nextInt(9); j > 0; j--) {
          key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        if (random.nextInt(4) == 0) {
          key.insert(random.nextInt(key.length() + 1), source.replaceAll("[^a-z_-]", ""));
        }
        assertThat(pattern.matches(key.toString())).as("/%s/ on <%s>", source, key)
            .isEqualTo(reference.matcher(key).find());
      }
    }
  }
}
