package io.meshward.controlplane.telemetry;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.meshward.telemetry.TelemetryGrpc;
import io.meshward.telemetry.v1.ReportAck;
import io.meshward.telemetry.v1.TelemetryBatch;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code meshward.telemetry.v1.TelemetryService/Report} on the control plane's gRPC port. A batch is first stored
 * (when that fails, the call fails with UNAVAILABLE and waf-filter sends the batch again), then handed to every
 * subscriber; a subscriber that throws is logged and does not fail the call, since the batch is already stored.
 */
public final class TelemetryReceiver implements BindableService {
  private static final Logger log = LoggerFactory.getLogger(TelemetryReceiver.class);

  private final StoredTelemetry store;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final List<TelemetrySubscriber> subscribers = new CopyOnWriteArrayList<>();

  public TelemetryReceiver(StoredTelemetry store, Clock clock, MeterRegistry metrics) {
    this.store = store;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Adds a subscriber for the batches received from now on. */
  public void subscribe(TelemetrySubscriber subscriber) {
    subscribers.add(subscriber);
  }

  @Override
  public ServerServiceDefinition bindService() {
    return TelemetryGrpc.service(this::report);
  }

  private void report(TelemetryBatch batch, StreamObserver<ReportAck> observer) {
    Instant now = clock.instant();
    try {
      store.received(batch, now);
    } catch (RuntimeException e) {
      log.warn("cannot store a telemetry batch from {}: {}", batch.getReporter(), e.getMessage());
      observer.onError(Status.UNAVAILABLE.withDescription("the control plane cannot store telemetry now")
          .asRuntimeException());
      return;
    }
    metrics.counter("meshward.telemetry.received", "kind", "security_event")
        .increment(batch.getSecurityEventsCount());
    metrics.counter("meshward.telemetry.received", "kind", "flow_observation")
        .increment(batch.getFlowObservationsCount());
    for (TelemetrySubscriber subscriber : subscribers) {
      try {
        subscriber.received(batch, now);
      } catch (RuntimeException e) {
        log.warn("a telemetry subscriber ({}) failed: {}", subscriber.getClass().getName(), e.toString());
      }
    }
    observer.onNext(ReportAck.newBuilder()
        .setAcceptedSecurityEvents(batch.getSecurityEventsCount())
        .setAcceptedFlowObservations(batch.getFlowObservationsCount())
        .build());
    observer.onCompleted();
  }
}
