package io.meshward.waf.bodyprocessors;

import static io.meshward.waf.bodyprocessors.TestBodies.PROCESSORS;
import static io.meshward.waf.bodyprocessors.TestBodies.pairs;
import static io.meshward.waf.bodyprocessors.TestBodies.urlencoded;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("URL-encoded bodies and query strings")
class UrlEncodedParserTest {

  // --- splitting ---

  @Test
  void splitsOnAmpersandThenOnTheFirstEquals() {
    assertThat(pairs(UrlEncodedParser.parse("a=1&b=2=3", 1000).args())).containsExactly("a=1", "b=2=3");
  }

  @Test
  void keepsRepeatedNamesInOrder() {
    assertThat(pairs(UrlEncodedParser.parse("x=1&y=2&x=3", 1000).args())).containsExactly("x=1", "y=2", "x=3");
  }

  @Test
  void skipsEmptyPieces() {
    assertThat(pairs(UrlEncodedParser.parse("&&a=1&&&b=2&", 1000).args())).containsExactly("a=1", "b=2");
  }

  @Test
  void aPieceWithoutEqualsIsANameWithAnEmptyValue() {
    assertThat(UrlEncodedParser.parse("flag&a=", 1000).args())
        .containsExactly(NamedValue.of("flag", ""), NamedValue.of("a", ""));
  }

  @Test
  void anEqualsAtTheStartGivesAnEmptyName() {
    assertThat(UrlEncodedParser.parse("=x&=", 1000).args())
        .containsExactly(NamedValue.of("", "x"), NamedValue.of("", ""));
  }

  @Test
  void usesTheConfiguredSeparator() {
    assertThat(pairs(UrlEncodedParser.parse("a=1;b=2&c", ';', 1000, 0).args())).containsExactly("a=1", "b=2&c");
  }

  @Test
  void anEmptyInputHasNoArguments() {
    assertThat(UrlEncodedParser.parse("", 1000).args()).isEmpty();
  }

  // --- decoding ---

  @Test
  void decodesPlusAsSpaceAndPercentSequencesInNamesAndValues() {
    assertThat(UrlEncodedParser.parse("a+b%3D=c%26d+e%2b", 1000).args())
        .containsExactly(NamedValue.of("a b=", "c&d e+"));
  }

  @Test
  void decodesToBytesNotCharacters() {
    // %C3%A9 is "é" in UTF-8: two bytes, two chars of the byte string
    assertThat(UrlEncodedParser.parse("q=%C3%A9%00%ff", 1000).args().get(0).value())
        .isEqualTo("\u00c3\u00a9\u0000\u00ff");
  }

  @Test
  void keepsAnInvalidPercentAndFlagsIt() {
    ParsedArgs r = UrlEncodedParser.parse("a=100%&b=%zz&c=%4&d=%%41", 1000);
    assertThat(pairs(r.args())).containsExactly("a=100%", "b=%zz", "c=%4", "d=%A");
    assertThat(r.invalidEncoding()).isTrue();
  }

  @Test
  void doesNotFlagValidInput() {
    assertThat(UrlEncodedParser.parse("a=%41%42", 1000).invalidEncoding()).isFalse();
  }

  @Test
  void doesNotDecodePercentU() {
    assertThat(UrlEncodedParser.parse("a=%u0041", 1000).args().get(0).value()).isEqualTo("%u0041");
  }

  @Test
  void keepsRawNonAsciiBytes() {
    assertThat(UrlEncodedParser.parse("n\u00e9=\u00ff\u0080", 1000).args())
        .containsExactly(NamedValue.of("n\u00e9", "\u00ff\u0080"));
  }

  // --- as a body processor ---

  @Test
  void producesArgsPostAndTheUrlencodedErrorFlag() {
    BodyResult r = urlencoded("user=alice&pass=%zz");
    assertThat(r.processor()).isEqualTo(BodyProcessorType.URLENCODED);
    assertThat(pairs(r.args())).containsExactly("user=alice", "pass=%zz");
    assertThat(r.flag("URLENCODED_ERROR")).isEqualTo(1);
    assertThat(r.error()).isFalse();
  }

  @Test
  void theArgumentsLimitCountsQueryArgumentsAndIsABodyError() {
    BodyResult r = PROCESSORS.process(
        BodyProcessorType.URLENCODED, TestBodies.bytes("a=1&b=2&c=3"), 11, null, 998);
    assertThat(pairs(r.args())).containsExactly("a=1", "b=2");
    assertThat(r.argsLimitExceeded()).isTrue();
    assertThat(r.error()).isTrue();
    assertThat(r.errorMessage()).isEqualTo("URLENCODED parsing error: arguments limit exceeded (1000)");
  }

  @Test
  void onlyTheFirstMaxBodyBytesAreProcessed() {
    BodyProcessors small = new BodyProcessors(BodyLimits.DEFAULTS.withMaxBodyBytes(7));
    BodyResult r = small.process(BodyProcessorType.URLENCODED, TestBodies.bytes("a=1&b=22222"), null);
    assertThat(pairs(r.args())).containsExactly("a=1", "b=2");
    assertThat(r.truncated()).isTrue();
    assertThat(r.bytesProcessed()).isEqualTo(7);
  }

  // --- query strings ---

  @Test
  void parseLikeBodies() {
    ParsedArgs r = PROCESSORS.parseQueryString("id=1+OR+1%3D1&id=2", 0);
    assertThat(pairs(r.args())).containsExactly("id=1 OR 1=1", "id=2");
  }

  @Test
  void dropArgumentsPastTheLimitWithoutAnError() {
    BodyProcessors two = new BodyProcessors(BodyLimits.DEFAULTS.withMaxArgs(2));
    ParsedArgs r = two.parseQueryString("a=1&b=2&c=3", 0);
    assertThat(pairs(r.args())).containsExactly("a=1", "b=2");
    assertThat(r.limitExceeded()).isTrue();
  }

  @Test
  void nullOrEmptyGiveNothing() {
    assertThat(PROCESSORS.parseQueryString(null, 0).args()).isEmpty();
    assertThat(PROCESSORS.parseQueryString("", 0).args()).isEmpty();
  }
}
