package io.meshward.waf.service.metrics;

import io.meshward.waf.service.inspect.Failure;
import io.meshward.waf.service.inspect.Findings;
import io.meshward.waf.service.inspect.RuleHit;
import io.meshward.waf.service.inspect.Verdict;
import io.meshward.waf.service.report.Action;
import io.meshward.waf.service.report.CheckedExchange;
import io.meshward.waf.service.report.ExchangeListener;
import io.meshward.waf.dlp.DlpFinding;
import io.meshward.waf.service.dlp.BodySkip;
import io.meshward.waf.service.dlp.SkippedBodies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * waf-filter's metrics, one place for every name and label. Labels take only values from small closed sets
 * (service, verdict, mode, configured profile names, failure reasons, DLP sensor names and locations, skip reasons)
 * and rule ids, which are capped at
 * {@link #MAX_RULE_ID_LABELS} distinct values (the rest count under {@code rule_id="other"}); never a request value.
 */
public final class WafMetrics implements ExchangeListener, SkippedBodies {
  public static final int MAX_RULE_ID_LABELS = 1000;
  static final String OTHER = "other";

  private final MeterRegistry registry;
  private final Set<String> ruleIdLabels = ConcurrentHashMap.newKeySet();
  // Every checked request counts once and times once: the meters are looked up here by their labels rather than
  // built and registered anew, which was more CPU per request than anything else waf-filter does besides the
  // engine and the transport. Bounded: the labels come from closed sets (see the class comment).
  private final Map<CheckLabels, Counter> checks = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();

  private record CheckLabels(String service, String verdict, String mode, String profile) {}

  public WafMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void checked(CheckedExchange exchange) {
    Verdict verdict = exchange.verdict();
    Action action = exchange.action();
    String mode = verdict.route().mode().name().toLowerCase(java.util.Locale.ROOT);
    String profile = verdict.route().profile().name();
    checks.computeIfAbsent(new CheckLabels(exchange.service(), action.label(), mode, profile),
        labels -> registry.counter("meshward.waf.checks", "service", labels.service(), "verdict", labels.verdict(),
            "mode", labels.mode(), "profile", labels.profile())).increment();
    durations.computeIfAbsent(exchange.service(), service -> Timer.builder("meshward.waf.check.duration")
            .description("time from a call's arrival to its answer")
            .tag("service", service)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(50_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry))
        .record(exchange.durationNanos(), TimeUnit.NANOSECONDS);
    Findings findings = verdict.findings();
    for (RuleHit hit : findings.ruleHits()) {
      registry.counter("meshward.waf.rule.hits", "rule_id", ruleIdLabel(hit.ruleId())).increment();
    }
    for (DlpFinding finding : findings.dlp()) {
      // Sensor names come from the loaded sensor set (operators define them, clients cannot): a closed set.
      registry.counter("meshward.waf.dlp.findings", "sensor", finding.sensor(),
          "location", finding.location().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
          "service", exchange.service()).increment();
    }
    inspectedBytes("request", findings.inspectedRequestBytes());
    inspectedBytes("response", findings.inspectedResponseBytes());
    verdict.failure().ifPresent(failure -> failed(failure, verdict.allowed()));
  }

  private void failed(Failure failure, boolean allowed) {
    registry.counter("meshward.waf.fail.policy", "outcome", allowed ? "open" : "closed",
        "reason", failure.label()).increment();
    if (failure == Failure.OVERLOADED) {
      registry.counter("meshward.waf.overload.rejections").increment();
    }
  }

  private void inspectedBytes(String direction, long bytes) {
    if (bytes > 0) {
      Counter.builder("meshward.waf.inspected.bytes").baseUnit("bytes").tag("direction", direction)
          .register(registry).increment(bytes);
    }
  }

  private String ruleIdLabel(int ruleId) {
    String label = Integer.toString(ruleId);
    if (ruleIdLabels.contains(label)) {
      return label;
    }
    // A racy check-then-add can let a few ids past the cap; the cap bounds cardinality, not an exact count.
    if (ruleIdLabels.size() >= MAX_RULE_ID_LABELS) {
      return OTHER;
    }
    ruleIdLabels.add(label);
    return label;
  }

  /** Counts response bodies (or their masking) the DLP sensors skipped, by reason. */
  @Override
  public void skipped(BodySkip reason) {
    registry.counter("meshward.waf.dlp.body.skipped", "reason", reason.label()).increment();
  }

  /** Counts reports handed to a bounded queue ({@code kind}: event, flow, audit). */
  public Counter queued(String kind) {
    return registry.counter("meshward.waf.reports.queued", "kind", kind);
  }

  /** Counts reports delivered (sent and acknowledged, or written). */
  public Counter sent(String kind) {
    return registry.counter("meshward.waf.reports.sent", "kind", kind);
  }

  /** Counts reports dropped because a queue was full or delivery failed for good. */
  public Counter dropped(String kind) {
    return registry.counter("meshward.waf.reports.dropped", "kind", kind);
  }

  /** Counts failed attempts to deliver a batch to the control plane. */
  public Counter deliveryFailures() {
    return registry.counter("meshward.waf.telemetry.delivery.failures");
  }
}
