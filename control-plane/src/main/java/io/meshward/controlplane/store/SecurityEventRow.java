package io.meshward.controlplane.store;

import java.time.Instant;
import java.util.List;

/**
 * A stored security event (see {@code meshward.telemetry.v1.SecurityEvent}).
 *
 * @param seq the order of arrival; page with {@code after}
 * @param time when waf-filter saw it
 * @param receivedAt when the control plane stored it
 * @param severity the worst severity of its rules, by name ("CRITICAL"), or "SEVERITY_UNSPECIFIED"
 */
public record SecurityEventRow(
    long seq,
    String eventId,
    Instant time,
    Instant receivedAt,
    String reporter,
    String workload,
    String sourcePrincipal,
    String sourceAddress,
    String destinationAddress,
    String requestId,
    List<Rule> rules,
    String severity,
    int inboundScore,
    int outboundScore,
    String mode,
    String action,
    String profile,
    String phase,
    String failure) {

  public SecurityEventRow {
    rules = List.copyOf(rules);
  }

  /** A rule that matched: id, masked message, severity name. */
  public record Rule(int id, String message, String severity) {}
}
