package io.meshward.waf.bodyprocessors;

import static io.meshward.waf.bodyprocessors.TestBodies.json;
import static io.meshward.waf.bodyprocessors.TestBodies.pairs;
import static io.meshward.waf.bodyprocessors.TestBodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("JSON bodies")
class JsonBodyParserTest {

  // --- names (Coraza's) ---

  @Test
  void nestedObjectsJoinKeysWithDots() {
    assertThat(pairs(json("{\"a\":{\"b\":{\"c\":\"x\"}},\"d\":\"y\"}").args()))
        .containsExactly("json.a.b.c=x", "json.d=y");
  }

  @Test
  void arrayElementsAreNumberedAndTheArrayGivesItsLength() {
    assertThat(pairs(json("{\"c\":[10,20,30]}").args()))
        .containsExactly("json.c.0=10", "json.c.1=20", "json.c.2=30", "json.c=3");
  }

  @Test
  void matchesCorazasReferenceExample() {
    String doc = """
        {"a": 1, "b": 2, "c": [1, 2, 3], "d": {"a": {"b": 1}}, "e": [{"a": 1}], "f": [[[{"z": "abc"}]]]}
        """;
    assertThat(pairs(json(doc).args()))
        .containsExactlyInAnyOrder(
            "json.a=1", "json.b=2", "json.c=3", "json.c.0=1", "json.c.1=2", "json.c.2=3", "json.d.a.b=1",
            "json.e=1", "json.e.0.a=1", "json.f=1", "json.f.0=1", "json.f.0.0=1", "json.f.0.0.0.z=abc");
  }

  @Test
  void aTopLevelArrayIsNamedJson() {
    assertThat(pairs(json("[[{\"q\":1}],{\"a\":true}]").args()))
        .containsExactly("json.0.0.q=1", "json.0=1", "json.1.a=true", "json=2");
  }

  @Test
  void aTopLevelScalarIsNamedJson() {
    assertThat(pairs(json("\"hello\"").args())).containsExactly("json=hello");
    assertThat(pairs(json(" 42 ").args())).containsExactly("json=42");
  }

  @Test
  void emptyContainersGiveNothing() {
    assertThat(json("{\"a\":[],\"b\":{},\"c\":[{}]}").args()).extracting(NamedValue::name).containsExactly("json.c");
  }

  @Test
  void keysAreUsedAsTheyAreDotsIncluded() {
    assertThat(pairs(json("{ \"2.2250738585072011e-308\":\"foo\", \"\":\"e\", \"a b\":1 }").args()))
        .containsExactly("json.2.2250738585072011e-308=foo", "json.=e", "json.a b=1");
  }

  @Test
  void duplicateKeysAreAllKept() {
    assertThat(pairs(json("{\"a\":\"evil\",\"a\":\"x\"}").args())).containsExactly("json.a=evil", "json.a=x");
  }

  // --- values ---

  @Test
  void numbersStayAsWritten() {
    assertThat(pairs(json("{\"a\":1.50e+3,\"b\":-0,\"c\":12345678901234567890123456789,\"d\":0.1}").args()))
        .containsExactly("json.a=1.50e+3", "json.b=-0", "json.c=12345678901234567890123456789", "json.d=0.1");
  }

  @Test
  void booleansAreWordsAndNullIsEmpty() {
    assertThat(pairs(json("{\"t\":true,\"f\":false,\"n\":null}").args()))
        .containsExactly("json.t=true", "json.f=false", "json.n=");
  }

  @Test
  void unicodeEscapesBecomeUtf8Bytes() {
    BodyResult r = json("{\"k\\u00e9y\":\"\\u00e9\\u4e2d\\ud83d\\ude00\\u0000\"}");
    assertThat(r.args()).containsExactly(NamedValue.of("json." + utf8("k\u00e9y"), utf8("\u00e9\u4e2d\uD83D\uDE00") + "\u0000"));
    assertThat(r.args().get(0).value()).isEqualTo("\u00c3\u00a9\u00e4\u00b8\u00ad\u00f0\u009f\u0098\u0080\u0000");
  }

  @Test
  void rawUtf8StaysTheSameBytes() {
    BodyResult r = json("{\"name\":\"Zo\u00eb \u4e2d\u6587\"}");
    assertThat(r.args().get(0).value()).isEqualTo(utf8("Zo\u00eb \u4e2d\u6587"));
  }

  @Test
  void anUnpairedSurrogateEscapeBecomesTheReplacementCharacter() {
    assertThat(json("[\"\\ud800x\"]").args().get(0).value()).isEqualTo("\u00ef\u00bf\u00bdx");
  }

  @Test
  void escapedBackslashesAndQuotesAreDecoded() {
    assertThat(json("{\"testarg\": \"\\\\u0065val \\\"q\\\" \\/\"}").args().get(0).value())
        .isEqualTo("\\u0065val \"q\" /");
  }

  // --- errors ---

  @ParameterizedTest
  @ValueSource(strings = {"{invalid", "{\"a\":1,}", "{'a':1}", "[1,2", "{\"a\":NaN}", "{\"a\":01}", "test",
      "{\"a\" 1}", "/* c */ {}"})
  void malformedJsonIsABodyError(String doc) {
    BodyResult r = json(doc);
    assertThat(r.error()).isTrue();
    assertThat(r.errorMessage()).startsWith("JSON parsing error: ");
  }

  @Test
  void keepsWhatWasReadBeforeTheError() {
    BodyResult r = json("{\"a\": 1, \"b\": \"two\", \"c\": oops}");
    assertThat(pairs(r.args())).containsExactly("json.a=1", "json.b=two");
    assertThat(r.error()).isTrue();
  }

  @Test
  void trailingDataIsAnError() {
    BodyResult r = json("{\"a\": 1} trailing garbage");
    assertThat(pairs(r.args())).containsExactly("json.a=1");
    assertThat(r.error()).isTrue();
    BodyResult second = json("{\"a\": 1} {\"b\": 2}");
    assertThat(second.errorMessage()).startsWith("JSON parsing error: unexpected data after the top-level value");
    assertThat(pairs(second.args())).containsExactly("json.a=1");
  }

  @Test
  void invalidUtf8IsAnError() {
    byte[] body = "{\"a\":\"x\u00ffy\"}".getBytes(StandardCharsets.ISO_8859_1);
    BodyResult r = TestBodies.PROCESSORS.process(BodyProcessorType.JSON, body, "application/json");
    assertThat(r.error()).isTrue();
    assertThat(r.errorMessage()).startsWith("JSON parsing error: Invalid UTF-8");
  }

  @Test
  void anEmptyBodyIsNoError() {
    assertThat(json("").error()).isFalse();
    assertThat(json(" \r\n").error()).isFalse();
    assertThat(json("").args()).isEmpty();
  }

  @Test
  void messagesAreSingleLinePrintableAscii() {
    BodyResult r = json("{\"a\":\u0001}");
    assertThat(r.errorMessage()).matches("[\\x20-\\x7e]+");
  }

  // --- limits ---

  @Test
  void tenThousandLevelsStopAtTheDepthLimitWithoutStackOverflow() {
    String doc = "[".repeat(10_000) + "]".repeat(10_000);
    BodyResult r = json(doc);
    assertThat(r.error()).isTrue();
    assertThat(r.errorMessage()).isEqualTo("JSON parsing error: JSON depth limit exceeded (1024)");
  }

  @Test
  void nestingUpToTheLimitIsFine() {
    BodyProcessors three = new BodyProcessors(BodyLimits.DEFAULTS.withMaxDepth(3));
    String ok = "{\"a\":{\"a\":{\"a\":1}}}";
    String deep = "{\"a\":{\"a\":{\"a\":{\"a\":1}}}}";
    assertThat(three.process(BodyProcessorType.JSON, ok.getBytes(StandardCharsets.UTF_8), null).error()).isFalse();
    BodyResult r = three.process(BodyProcessorType.JSON, deep.getBytes(StandardCharsets.UTF_8), null);
    assertThat(r.errorMessage()).isEqualTo("JSON parsing error: JSON depth limit exceeded (3)");
  }

  @Test
  void aHundredThousandKeysStopAtTheArgumentsLimit() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < 100_000; i++) {
      sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
    }
    BodyResult r = json(sb.append('}').toString());
    assertThat(r.args()).hasSize(1000);
    assertThat(r.args().get(999)).isEqualTo(NamedValue.of("json.k999", "999"));
    assertThat(r.argsLimitExceeded()).isTrue();
    assertThat(r.errorMessage()).isEqualTo("JSON parsing error: arguments limit exceeded (1000)");
  }

  @Test
  void longRepeatedPathsStopAtTheCollectedBytesGuard() {
    BodyProcessors p = new BodyProcessors(
        BodyLimits.DEFAULTS.withMaxArgs(1_000_000).withMaxCollectedBytes(10_000_000));
    String key = "k".repeat(100_000);
    StringBuilder sb = new StringBuilder("{\"").append(key).append("\":[");
    for (int i = 0; i < 1000; i++) {
      sb.append(i == 0 ? "" : ",").append('1');
    }
    sb.append("]}");
    BodyResult r = p.process(BodyProcessorType.JSON, sb.toString().getBytes(StandardCharsets.UTF_8), null);
    assertThat(r.error()).isTrue();
    assertThat(r.errorMessage()).isEqualTo("JSON parsing error: collected data limit exceeded (10000000 bytes)");
    assertThat(r.args().size()).isLessThan(100);
  }
}
