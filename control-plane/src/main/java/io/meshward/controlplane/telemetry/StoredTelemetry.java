package io.meshward.controlplane.telemetry;

import com.google.protobuf.Timestamp;
import io.meshward.controlplane.store.FlowObservationRow;
import io.meshward.controlplane.store.SecurityEventRow;
import io.meshward.controlplane.store.Store;
import io.meshward.controlplane.store.TelemetryRetention;
import io.meshward.telemetry.v1.FlowObservation;
import io.meshward.telemetry.v1.RuleHit;
import io.meshward.telemetry.v1.SecurityEvent;
import io.meshward.telemetry.v1.TelemetryBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes reported telemetry to the store, bounded by its retention. Text fields are cut to {@link #MAX_TEXT}
 * characters and a batch to {@link #MAX_RULES} rules per event: the sender is trusted to be ours, the network less.
 */
public final class StoredTelemetry implements TelemetrySubscriber {
  static final int MAX_TEXT = 512;
  static final int MAX_RULES = 64;

  private final Store store;
  private final TelemetryRetention retention;

  public StoredTelemetry(Store store, TelemetryRetention retention) {
    this.store = store;
    this.retention = retention;
  }

  @Override
  public void received(TelemetryBatch batch, Instant receivedAt) {
    String reporter = cut(batch.getReporter());
    List<SecurityEventRow> events = new ArrayList<>(batch.getSecurityEventsCount());
    for (SecurityEvent e : batch.getSecurityEventsList()) {
      List<SecurityEventRow.Rule> rules = new ArrayList<>();
      for (RuleHit rule : e.getRulesList().subList(0, Math.min(MAX_RULES, e.getRulesCount()))) {
        rules.add(new SecurityEventRow.Rule(rule.getRuleId(), cut(rule.getMessage()), rule.getSeverity().name()));
      }
      events.add(new SecurityEventRow(0, cut(e.getEventId()), instant(e.getTime(), receivedAt), receivedAt, reporter,
          cut(e.getWorkload()), cut(e.getSource().getPrincipal()), cut(e.getSource().getAddress()),
          cut(e.getDestination().getAddress()), cut(e.getRequestId()), rules, e.getSeverity().name(),
          e.getInboundAnomalyScore(), e.getOutboundAnomalyScore(), e.getMode().name(), e.getAction().name(),
          cut(e.getProfile()), cut(e.getPhase()), cut(e.getFailure())));
    }
    List<FlowObservationRow> flows = new ArrayList<>(batch.getFlowObservationsCount());
    for (FlowObservation f : batch.getFlowObservationsList()) {
      flows.add(new FlowObservationRow(0, instant(f.getTime(), receivedAt), receivedAt, reporter,
          cut(f.getSource().getPrincipal()), cut(f.getSource().getAddress()), cut(f.getDestinationWorkload()),
          f.getPort(), cut(f.getProtocol()), cut(f.getMethod()), cut(f.getPath()), f.getVerdict().name(),
          f.getMode().name(), cut(f.getRequestId())));
    }
    store.appendTelemetry(events, flows, retention);
  }

  /** The sender's time; the receiver's when the sender gave none. */
  private static Instant instant(Timestamp time, Instant fallback) {
    return time.getSeconds() == 0 && time.getNanos() == 0
        ? fallback
        : Instant.ofEpochSecond(time.getSeconds(), time.getNanos());
  }

  private static String cut(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
  }
}
