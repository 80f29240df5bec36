package io.meshward.waf.bodyprocessors;

import static io.meshward.waf.bodyprocessors.TestBodies.pairs;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cookie header (ModSecurity v3 splitting)")
class CookieParserTest {

  @Test
  void splitsOnSemicolonsAndTheFirstEquals() {
    assertThat(pairs(CookieParser.parse("a=1; b=2=3;c=x"))).containsExactly("a=1", "b=2=3", "c=x");
  }

  @Test
  void trimsNamesOnTheLeftOnlyAndKeepsValuesAsSent() {
    assertThat(CookieParser.parse("  a = 1 ;\tb=\" q \""))
        .containsExactly(NamedValue.of("a ", " 1 "), NamedValue.of("b", "\" q \""));
  }

  @Test
  void dropsTrailingWhitespaceOfTheLastPair() {
    assertThat(CookieParser.parse("a=1 ; b=2  \t")).containsExactly(NamedValue.of("a", "1 "), NamedValue.of("b", "2"));
  }

  @Test
  void doesNotUrlDecode() {
    assertThat(CookieParser.parse("s=%27+OR+1%3D1")).containsExactly(NamedValue.of("s", "%27+OR+1%3D1"));
  }

  @Test
  void aPieceWithoutEqualsIsANameWithAnEmptyValue() {
    assertThat(CookieParser.parse("flag; a=1")).containsExactly(NamedValue.of("flag", ""), NamedValue.of("a", "1"));
  }

  @Test
  void skipsEmptyPiecesAndEmptyNames() {
    assertThat(pairs(CookieParser.parse(";;a=1; =orphan;  =x ;b=2;"))).containsExactly("a=1", "b=2");
  }

  @Test
  void keepsRepeatedNames() {
    assertThat(pairs(CookieParser.parse("id=1; id=2"))).containsExactly("id=1", "id=2");
  }

  @Test
  void nullAndEmptyGiveNothing() {
    assertThat(CookieParser.parse(null)).isEmpty();
    assertThat(CookieParser.parse("   ")).isEmpty();
  }
}
