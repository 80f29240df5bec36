package io.meshward.controlplane.telemetry;

import io.meshward.telemetry.v1.TelemetryBatch;
import java.time.Instant;

/**
 * Told about every batch of security events and flow observations waf-filter reports, after it was stored. The seam
 * for what acts on them (learning from flows, quarantine from events): subscribe with
 * {@link TelemetryReceiver#subscribe}. Called on a gRPC thread: return quickly, hand long work to a thread of
 * your own. Event ids are unique; a batch may arrive twice (after a lost acknowledgement), so count by id.
 */
@FunctionalInterface
public interface TelemetrySubscriber {
  void received(TelemetryBatch batch, Instant receivedAt);
}
