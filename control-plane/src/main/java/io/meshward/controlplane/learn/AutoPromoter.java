package io.meshward.controlplane.learn;

import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Mode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Moves workloads along LEARN -> MONITOR -> ENFORCE on its own when auto-promotion is enabled for them (a
 * WorkloadPolicy's {@code spec.autoPromotion}, else {@code MeshConfig.spec.autoPromotion}):
 * LEARN to MONITOR once the workload has learned something and then no new edge for {@code learnToMonitorAfter};
 * MONITOR to ENFORCE after {@code monitorToEnforceAfter} in MONITOR without a violation. A promotion is a workload
 * mode override, audited as {@code mode.promoted} with its reason; an operator's override always wins afterwards.
 *
 * <p>The time a workload entered MONITOR is kept in memory: after a restart it counts from the restart, which can
 * only delay a promotion, never hasten it.
 */
public final class AutoPromoter {
  /** Sets a workload's mode, with the reason for the audit trail. */
  @FunctionalInterface
  public interface Promotion {
    void promote(String workload, Mode to, String reason);
  }

  private final LearnedGraph graph;
  private final Function<String, MeshConfig.AutoPromotion> ruleOf;
  private final Function<String, Mode> modeOf;
  private final Promotion promotion;
  private final Clock clock;
  private final Map<String, Instant> monitorSince = new HashMap<>();

  /**
   * @param ruleOf a workload's auto-promotion settings: its WorkloadPolicy's when it has some, else the mesh
   *     config's
   */
  public AutoPromoter(LearnedGraph graph, Function<String, MeshConfig.AutoPromotion> ruleOf,
                      Function<String, Mode> modeOf, Promotion promotion, Clock clock) {
    this.graph = graph;
    this.ruleOf = ruleOf;
    this.modeOf = modeOf;
    this.promotion = promotion;
    this.clock = clock;
  }

  /** Promotes every workload that is due; called periodically. */
  public synchronized void check() {
    Instant now = clock.instant();
    for (String workload : graph.workloads()) {
      MeshConfig.AutoPromotion rule = ruleOf.apply(workload);
      if (!rule.enabled()) {
        monitorSince.remove(workload);
        continue;
      }
      Mode mode = modeOf.apply(workload);
      LearnedGraph.Quiet quiet = graph.quiet(workload);
      if (mode == Mode.LEARN) {
        monitorSince.remove(workload);
        Instant lastNewEdge = Instant.ofEpochMilli(quiet.lastNewEdgeMillis());
        if (quiet.lastNewEdgeMillis() > 0 && !now.isBefore(lastNewEdge.plus(rule.learnToMonitorAfter()))) {
          promotion.promote(workload, Mode.MONITOR, "no new edge for " + human(rule.learnToMonitorAfter())
              + " (last at " + lastNewEdge + ")");
          monitorSince.put(workload, now);
        }
      } else if (mode == Mode.MONITOR) {
        Instant entered = monitorSince.computeIfAbsent(workload, w -> now);
        Instant lastViolation = Instant.ofEpochMilli(quiet.lastViolationMillis());
        Instant quietSince = lastViolation.isAfter(entered) ? lastViolation : entered;
        if (!now.isBefore(quietSince.plus(rule.monitorToEnforceAfter()))) {
          promotion.promote(workload, Mode.ENFORCE, "no violation for " + human(rule.monitorToEnforceAfter())
              + " in MONITOR");
          monitorSince.remove(workload);
        }
      } else {
        monitorSince.remove(workload);
      }
    }
  }

  private static String human(Duration duration) {
    return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
