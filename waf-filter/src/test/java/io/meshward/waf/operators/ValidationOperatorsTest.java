package io.meshward.waf.operators;

import static io.meshward.waf.operators.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshward.waf.macros.MacroString;
import org.junit.jupiter.api.Test;

/** The validation operators match when the input is INVALID. */
class ValidationOperatorsTest {
  private final FakeContext tx = FakeContext.plain();

  @Test
  void validateByteRangeMatchesAByteOutsideTheListedRanges() {
    Operator printable = op("validateByteRange", "9,10,13,32-126,128-255");
    assertThat(printable.matches(tx, "Hello, world!\r\n")).isFalse();
    assertThat(printable.matches(tx, "caf\u00c3\u00a9")).isFalse();
    assertThat(printable.matches(tx, "a\u0000b")).isTrue();
    assertThat(printable.matches(tx, "del\u007f")).isTrue();
    assertThat(printable.matches(tx, "")).isFalse();

    Operator strict = op("validateByteRange", "38,44-46,48-58,61,65-90,95,97-122");
    assertThat(strict.matches(tx, "name=value&x=1")).isFalse();
    assertThat(strict.matches(tx, "name=value;")).isTrue();

    assertThat(op("validateByteRange", "1-255").matches(tx, "\u0000")).isTrue();
    assertThat(op("validateByteRange", " 32 , 65-70 ").matches(tx, "A B")).isFalse(); // items are trimmed
  }

  @Test
  void validateByteRangeRejectsBadArgumentsAndAcceptsAnEmptyOneAsAlwaysMatching() {
    assertThatThrownBy(() -> Operators.create("validateByteRange", MacroString.constant("1-256"), Ops.noFiles()))
        .isInstanceOf(OperatorException.class);
    assertThatThrownBy(() -> Operators.create("validateByteRange", MacroString.constant("a-z"), Ops.noFiles()))
        .isInstanceOf(OperatorException.class);
    assertThatThrownBy(() -> Operators.create("validateByteRange", MacroString.constant("1,,2"), Ops.noFiles()))
        .isInstanceOf(OperatorException.class);
    assertThatThrownBy(() -> Operators.create("validateByteRange", MacroString.constant("65 - 70"), Ops.noFiles()))
        .isInstanceOf(OperatorException.class); // as Coraza: no spaces inside a range
    assertThat(op("validateByteRange", "").matches(tx, "anything")).isTrue(); // as in Coraza
  }

  @Test
  void validateUrlEncodingMatchesBrokenPercentEscapes() {
    Operator url = op("validateUrlEncoding", "");
    assertThat(url.matches(tx, "a%20b%2F%2f")).isFalse();
    assertThat(url.matches(tx, "no escapes at all")).isFalse();
    assertThat(url.matches(tx, "")).isFalse();
    assertThat(url.matches(tx, "a%2Gb")).isTrue(); // not hexadecimal
    assertThat(url.matches(tx, "100%")).isTrue(); // too close to the end
    assertThat(url.matches(tx, "a%4")).isTrue();
    assertThat(url.matches(tx, "%%41")).isTrue();
  }

  @Test
  void validateUtf8EncodingMatchesMalformedUtf8() {
    Operator utf8 = op("validateUtf8Encoding", "");
    assertThat(utf8.matches(tx, "plain ascii")).isFalse();
    assertThat(utf8.matches(tx, "caf\u00c3\u00a9")).isFalse(); // é
    assertThat(utf8.matches(tx, "\u00e2\u0082\u00ac")).isFalse(); // €
    assertThat(utf8.matches(tx, "\u00f0\u009f\u0098\u0080")).isFalse(); // U+1F600
    assertThat(utf8.matches(tx, "")).isFalse();

    assertThat(utf8.matches(tx, "caf\u00e9")).isTrue(); // a Latin-1 byte alone
    assertThat(utf8.matches(tx, "\u00c0\u00af")).isTrue(); // overlong '/'
    assertThat(utf8.matches(tx, "\u00e0\u0080\u00af")).isTrue(); // overlong, three bytes
    assertThat(utf8.matches(tx, "\u00ed\u00a0\u0080")).isTrue(); // a surrogate, U+D800
    assertThat(utf8.matches(tx, "\u00f4\u0090\u0080\u0080")).isTrue(); // above U+10FFFF
    assertThat(utf8.matches(tx, "\u00e2\u0082")).isTrue(); // truncated
    assertThat(utf8.matches(tx, "\u0080")).isTrue(); // a stray continuation byte
    assertThat(utf8.matches(tx, "\u00f8\u0088\u0080\u0080\u0080")).isTrue(); // five-byte form
  }
}
