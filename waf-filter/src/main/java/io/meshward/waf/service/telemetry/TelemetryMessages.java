package io.meshward.waf.service.telemetry;

import com.google.protobuf.Timestamp;
import io.meshward.telemetry.v1.Action;
import io.meshward.telemetry.v1.FlowObservation;
import io.meshward.telemetry.v1.Mode;
import io.meshward.telemetry.v1.Peer;
import io.meshward.telemetry.v1.RuleHit;
import io.meshward.telemetry.v1.SecurityEvent;
import io.meshward.telemetry.v1.Severity;
import io.meshward.waf.service.inspect.Findings;
import io.meshward.waf.service.inspect.Verdict;
import io.meshward.waf.service.mapping.Endpoint;
import io.meshward.waf.service.report.CheckedExchange;
import java.time.Instant;
import java.util.UUID;

/** A checked exchange as the telemetry protos. Only fields of {@link CheckedExchange}: no payload can get in. */
final class TelemetryMessages {
  SecurityEvent event(CheckedExchange exchange) {
    Verdict verdict = exchange.verdict();
    Findings findings = verdict.findings();
    SecurityEvent.Builder event = SecurityEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setTime(timestamp(exchange.time()))
        .setWorkload(verdict.route().workload())
        .setSource(peer(exchange.source()))
        .setDestination(peer(exchange.destination()))
        .setRequestId(verdict.requestId())
        .setInboundAnomalyScore(findings.inboundScore())
        .setOutboundAnomalyScore(findings.outboundScore())
        .setMode(mode(verdict))
        .setAction(action(exchange))
        .setProfile(verdict.route().profile().name())
        .setPhase(exchange.service().equals(CheckedExchange.EXT_PROC) ? "response" : "request");
    verdict.failure().ifPresent(failure -> event.setFailure(failure.label()));
    if (!findings.dlp().isEmpty()) {
      // One event per exchange: the first sensor that fired, with its location and its own masked sample.
      io.meshward.waf.dlp.DlpFinding first = findings.dlp().get(0);
      event.setSensor(first.sensor())
          .setLocation(first.location().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
          .setMaskedSample(first.maskedSample());
    }
    int worst = Integer.MAX_VALUE;
    for (io.meshward.waf.service.inspect.RuleHit hit : findings.ruleHits()) {
      event.addRules(RuleHit.newBuilder().setRuleId(hit.ruleId()).setMessage(hit.message())
          .setSeverity(severity(hit.severity())));
      if (hit.severity() >= 0) {
        worst = Math.min(worst, hit.severity());
      }
    }
    event.setSeverity(worst == Integer.MAX_VALUE ? Severity.SEVERITY_UNSPECIFIED : severity(worst));
    return event.build();
  }

  FlowObservation flow(CheckedExchange exchange) {
    Verdict verdict = exchange.verdict();
    return FlowObservation.newBuilder()
        .setTime(timestamp(exchange.time()))
        .setSource(peer(exchange.source()))
        .setDestinationWorkload(verdict.route().workload())
        .setPort(Math.max(0, exchange.destination().port()))
        .setProtocol(exchange.protocol())
        .setMethod(exchange.method())
        .setPath(exchange.path())
        .setVerdict(action(exchange))
        .setMode(mode(verdict))
        .setRequestId(verdict.requestId())
        .build();
  }

  private static Peer peer(Endpoint endpoint) {
    return Peer.newBuilder().setPrincipal(endpoint.principal()).setAddress(endpoint.address())
        .setPort(Math.max(0, endpoint.port())).build();
  }

  private static Mode mode(Verdict verdict) {
    return switch (verdict.route().mode()) {
      case LEARN -> Mode.LEARN;
      case MONITOR -> Mode.MONITOR;
      case ENFORCE -> Mode.ENFORCE;
    };
  }

  private static Action action(CheckedExchange exchange) {
    return Action.valueOf(exchange.action().name());
  }

  /** Syslog 0 (EMERGENCY) .. 7 (DEBUG) to the proto's enum, which keeps 0 for "unspecified". */
  static Severity severity(int syslog) {
    Severity severity = syslog < 0 ? null : Severity.forNumber(syslog + 1);
    return severity == null ? Severity.SEVERITY_UNSPECIFIED : severity;
  }

  private static Timestamp timestamp(Instant time) {
    return Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()).build();
  }
}
