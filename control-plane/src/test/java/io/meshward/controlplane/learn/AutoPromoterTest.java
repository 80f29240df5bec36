package io.meshward.controlplane.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Mode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoPromoterTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private static final class HandClock extends Clock {
    Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static MeshConfig autoPromotion(boolean enabled) {
    MeshConfig.Spec d = MeshConfig.Spec.defaults();
    return new MeshConfig(MeshConfig.defaults().metadata(), new MeshConfig.Spec(d.defaultMode(), d.trustDomain(),
        d.inspection(), new MeshConfig.AutoPromotion(enabled, Duration.ofHours(1), Duration.ofHours(2)),
        d.quarantine()));
  }

  private static Observation call(String source, String path, Instant at) {
    return new Observation(at, null, source, "shop/orders", 8080, "http", "GET", path);
  }

  @Test
  void learnToMonitorAfterAQuietHourThenEnforceAfterTwoHoursWithoutAViolation() {
    HandClock clock = new HandClock();
    Map<String, Mode> modes = new HashMap<>(Map.of("shop/orders", Mode.LEARN));
    LearnedGraph graph = new LearnedGraph(LearningLimits.defaults(), w -> modes.getOrDefault(w, Mode.LEARN));
    List<String> promotions = new ArrayList<>();
    AutoPromoter promoter = new AutoPromoter(graph, w -> autoPromotion(true).spec().autoPromotion(), modes::get,
        (w, to, why) -> {
      promotions.add(w + " -> " + to + ": " + why);
      modes.put(w, to);
    }, clock);

    graph.observe(call("10.0.0.1", "/orders", T0));
    clock.now = T0.plus(Duration.ofMinutes(59));
    promoter.check();
    assertThat(promotions).isEmpty();

    clock.now = T0.plus(Duration.ofHours(1));
    promoter.check();
    assertThat(promotions).containsExactly("shop/orders -> MONITOR: no new edge for 1h (last at " + T0 + ")");

    // A violation in MONITOR restarts the quiet period.
    Instant violation = T0.plus(Duration.ofMinutes(90));
    graph.observe(call("10.0.0.9", "/admin", violation));
    clock.now = T0.plus(Duration.ofHours(3));
    promoter.check();
    assertThat(promotions).hasSize(1);

    clock.now = violation.plus(Duration.ofHours(2));
    promoter.check();
    assertThat(promotions).hasSize(2).last().asString()
        .isEqualTo("shop/orders -> ENFORCE: no violation for 2h in MONITOR");
  }

  @Test
  void disabledOrNothingLearnedMeansNoPromotion() {
    HandClock clock = new HandClock();
    LearnedGraph graph = new LearnedGraph(LearningLimits.defaults());
    List<String> promotions = new ArrayList<>();
    graph.observe(call("10.0.0.1", "/orders", T0));
    clock.now = T0.plus(Duration.ofDays(30));

    new AutoPromoter(graph, w -> autoPromotion(false).spec().autoPromotion(), w -> Mode.LEARN,
        (w, to, why) -> promotions.add(w), clock)
        .check();
    new AutoPromoter(new LearnedGraph(LearningLimits.defaults()), w -> autoPromotion(true).spec().autoPromotion(),
        w -> Mode.LEARN,
        (w, to, why) -> promotions.add(w), clock).check();

    assertThat(promotions).isEmpty();
  }
}
