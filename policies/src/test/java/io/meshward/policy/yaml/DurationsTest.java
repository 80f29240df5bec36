package io.meshward.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "250ms, PT0.25S",
      "1ms, PT0.001S",
      "30s, PT30S",
      "5m, PT5M",
      "24h, PT24H",
      "90s, PT1M30S",
      "0001s, PT1S",
      "999999999h, PT999999999H",
  })
  void areAWholeNumberAndAUnit(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s", "10", "1.5s", "1h30m", "-1s", "+1s", " 1s", "1s ", "1 s", "1S", "1d", "1us",
      "PT1S", "１s"})
  void anythingElseIsRejected(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid duration " + Quote.value(text) + ": expected a whole number followed by ms, s, m or h,"
            + " such as 250ms, 30s, 5m or 24h");
  }

  @Test
  void mustBePositiveAndOfReasonableSize() {
    assertThatThrownBy(() -> Durations.parse("0ms")).hasMessage("invalid duration \"0ms\": must be greater than zero");
    assertThatThrownBy(() -> Durations.parse("1234567890h")).hasMessage(
        "invalid duration \"1234567890h\": the number is too large");
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource({
      "PT0.25S, 250ms",
      "PT1S, 1s",
      "PT90S, 90s",
      "PT3600S, 1h",
      "PT2H30M, 150m",
      "PT72H, 72h",
      "PT1.5S, 1500ms",
  })
  void areWrittenInTheLargestExactUnit(Duration duration, String text) {
    assertThat(Durations.format(duration)).isEqualTo(text);
    assertThat(Durations.parse(text)).isEqualTo(duration);
  }

  @Test
  void durationsFinerThanAMillisecondCannotBeWritten() {
    assertThatThrownBy(() -> Durations.format(Duration.ofNanos(1_500_000)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.format(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
