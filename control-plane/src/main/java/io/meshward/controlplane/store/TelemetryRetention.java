package io.meshward.controlplane.store;

/**
 * How much reported telemetry the store keeps: the newest {@code maxSecurityEvents} events and
 * {@code maxFlowObservations} flows; older rows are deleted as new ones arrive.
 */
public record TelemetryRetention(int maxSecurityEvents, int maxFlowObservations) {
  public TelemetryRetention {
    if (maxSecurityEvents < 1 || maxFlowObservations < 1) {
      throw new IllegalArgumentException("retention must keep at least one row of each kind");
    }
  }

  /** 100,000 events and 200,000 flows: tens of MB at most. */
  public static TelemetryRetention defaults() {
    return new TelemetryRetention(100_000, 200_000);
  }
}
