package io.meshward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeTextTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @Test
  void usesTheLargestWholeUnit() {
    assertThat(TimeText.ago(NOW.minusSeconds(42), NOW)).isEqualTo("42s ago");
    assertThat(TimeText.ago(NOW.minusSeconds(3 * 60 + 59), NOW)).isEqualTo("3m ago");
    assertThat(TimeText.ago(NOW.minusSeconds(5 * 3600), NOW)).isEqualTo("5h ago");
    assertThat(TimeText.ago(NOW.minusSeconds(3 * 86_400), NOW)).isEqualTo("3d ago");
  }

  @Test
  void tablesShowTimesToTheSecond() {
    assertThat(TimeText.isoSeconds("2025-06-01T12:00:07.123456Z")).isEqualTo("2025-06-01T12:00:07Z");
    assertThat(TimeText.isoSeconds("yesterday")).isEqualTo("yesterday");
  }

  @Test
  void aTimeInTheFutureIsJustNow() {
    assertThat(TimeText.ago(NOW.plusSeconds(2), NOW)).isEqualTo("just now");
  }
}
