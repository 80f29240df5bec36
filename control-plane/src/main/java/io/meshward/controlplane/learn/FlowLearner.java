package io.meshward.controlplane.learn;

import com.google.protobuf.Timestamp;
import io.meshward.controlplane.telemetry.TelemetrySubscriber;
import io.meshward.telemetry.v1.FlowObservation;
import io.meshward.telemetry.v1.TelemetryBatch;
import java.time.Instant;

/**
 * Feeds waf-filter's flow observations to the learned graph. Cheap per flow (a map lookup and a path template), so it
 * runs on the receiving thread. A batch sent twice counts its flows twice: counts are an indication, the edges are
 * what matters.
 */
public final class FlowLearner implements TelemetrySubscriber {
  private final LearnedGraph graph;

  public FlowLearner(LearnedGraph graph) {
    this.graph = graph;
  }

  @Override
  public void received(TelemetryBatch batch, Instant receivedAt) {
    for (FlowObservation f : batch.getFlowObservationsList()) {
      graph.observe(new Observation(time(f.getTime(), receivedAt), f.getSource().getPrincipal(),
          f.getSource().getAddress(), f.getDestinationWorkload(), f.getPort(), f.getProtocol(), f.getMethod(),
          f.getPath()));
    }
  }

  /**
   * The sender's time, unless it is missing or ahead of ours (a skewed clock must not push an edge's last sighting
   * into the future, where auto-promotion would never see it go quiet).
   */
  private static Instant time(Timestamp time, Instant receivedAt) {
    if (time.getSeconds() == 0 && time.getNanos() == 0) {
      return receivedAt;
    }
    Instant sent = Instant.ofEpochSecond(time.getSeconds(), time.getNanos());
    return sent.isAfter(receivedAt) ? receivedAt : sent;
  }
}
