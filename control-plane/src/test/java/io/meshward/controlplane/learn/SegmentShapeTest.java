package io.meshward.controlplane.learn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SegmentShapeTest {

  @Test
  void identifiersAreIds() {
    for (String id : new String[] {"42", "-1", "550e8400-e29b-41d4-a716-446655440000",
        "{550E8400-E29B-41D4-A716-446655440000}", "507f1f77bcf86cd799439011", "3f9e1c07",
        "da39a3ee5e6b4b0d3255bfef95601890afd80709", "dQw4w9WgXcQ", "aGVsbG8gd29ybGQ1234==", "tok_1MqLX2Ab3cD4eF5g"}) {
      assertThat(SegmentShape.templateOf(id)).as(id).isEqualTo(SegmentShape.ID);
    }
  }

  @Test
  void datesAreDates() {
    for (String date : new String[] {"2026-11-27", "2026-11-27T10:15:00Z", "2026-02-01T00:00:00.123+01:00"}) {
      assertThat(SegmentShape.templateOf(date)).as(date).isEqualTo(SegmentShape.DATE);
    }
    assertThat(SegmentShape.templateOf("2026-13-01")).as("no 13th month").isEqualTo("2026-13-01");
  }

  @Test
  void wordsAreNames() {
    for (String name : new String[] {"users", "v2", "v1beta1", "me", "orders.json", "app.min.js", "facade",
        "deadbeef", "oauth2", "README", "checkout-v2", "getUserById", "index.html", "x86_64"}) {
      assertThat(SegmentShape.templateOf(name)).as(name).isEqualTo(name);
    }
  }

  @Test
  void garbageIsAWildcard() {
    assertThat(SegmentShape.templateOf("a b")).isEqualTo(SegmentShape.ANY);
    assertThat(SegmentShape.templateOf("caf\u00e9")).isEqualTo(SegmentShape.ANY);
    assertThat(SegmentShape.templateOf("n".repeat(65))).isEqualTo(SegmentShape.ANY);
    assertThat(SegmentShape.templateOf("")).isEmpty();
  }
}
