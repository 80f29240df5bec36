package io.meshward.waf.operators;

import static io.meshward.waf.operators.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code @eq @ge @gt @le @lt}: integers as Coraza reads them; non-numeric text is 0. */
class NumericComparisonTest {

  @Test
  void comparesTheInputWithTheArgument() {
    FakeContext tx = FakeContext.plain();
    assertThat(op("eq", "5").matches(tx, "5")).isTrue();
    assertThat(op("eq", "5").matches(tx, "6")).isFalse();
    assertThat(op("lt", "2").matches(tx, "1")).isTrue();
    assertThat(op("lt", "2").matches(tx, "2")).isFalse();
    assertThat(op("le", "2").matches(tx, "2")).isTrue();
    assertThat(op("gt", "400").matches(tx, "401")).isTrue();
    assertThat(op("gt", "400").matches(tx, "400")).isFalse();
    assertThat(op("ge", "400").matches(tx, "400")).isTrue();
    assertThat(op("ge", "-3").matches(tx, "-4")).isFalse();
  }

  @Test
  void textThatIsNotAPlainIntegerCountsAsZero() {
    FakeContext tx = FakeContext.plain();
    assertThat(op("eq", "0").matches(tx, "")).isTrue();
    assertThat(op("eq", "0").matches(tx, "abc")).isTrue();
    assertThat(op("eq", "0").matches(tx, "12abc")).isTrue(); // Go's Atoi, unlike C's atoi
    assertThat(op("eq", "0").matches(tx, " 12")).isTrue();
    assertThat(op("eq", "0").matches(tx, "1.5")).isTrue();
    assertThat(op("eq", "12").matches(tx, "+12")).isTrue();
    assertThat(op("eq", "abc").matches(tx, "0")).isTrue();
  }

  @Test
  void valuesBeyondSixtyFourBitsAreClamped() {
    assertThat(NumericComparison.parse("99999999999999999999")).isEqualTo(Long.MAX_VALUE);
    assertThat(NumericComparison.parse("-99999999999999999999")).isEqualTo(Long.MIN_VALUE);
    assertThat(NumericComparison.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(NumericComparison.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(NumericComparison.parse("9223372036854775806")).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(NumericComparison.parse("-")).isZero();
    assertThat(op("gt", "1000").matches(FakeContext.plain(), "99999999999999999999999")).isTrue();
  }

  @Test
  void expandsMacrosInTheArgumentOnEveryEvaluation() {
    Operator overLimit = op("gt", "%{tx.arg_length}");
    assertThat(overLimit.matches(FakeContext.plain().with("tx", "arg_length", "400"), "401")).isTrue();
    assertThat(overLimit.matches(FakeContext.plain().with("tx", "arg_length", "500"), "401")).isFalse();
    assertThat(overLimit.matches(FakeContext.plain(), "1")).isTrue(); // unset: empty, so 0
    assertThat(op("lt", "%{tx.detection_paranoia_level}").matches(
            FakeContext.plain().with("TX", "DETECTION_PARANOIA_LEVEL", "2"), "1"))
        .isTrue();
  }
}
