package io.meshward.waf.service.telemetry;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.meshward.telemetry.TelemetryGrpc;
import io.meshward.telemetry.v1.FlowObservation;
import io.meshward.telemetry.v1.ReportAck;
import io.meshward.telemetry.v1.SecurityEvent;
import io.meshward.telemetry.v1.TelemetryBatch;
import io.meshward.waf.service.metrics.WafMetrics;
import io.meshward.waf.service.report.CheckedExchange;
import io.meshward.waf.service.report.DropOldestQueue;
import io.meshward.waf.service.report.ExchangeListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends security events and flow observations to the control plane's {@code TelemetryService}, batched, from one
 * thread of its own. The request path only converts an exchange and puts it in a bounded queue
 * ({@link DropOldestQueue}): it never waits for the control plane. A failed call is retried after a backoff that
 * doubles up to a cap, while the queues keep taking reports (and drop the oldest when full, counted in
 * {@code meshward_waf_reports_dropped_total}); gRPC's channel reconnects by itself. Closing sends what is queued,
 * within a time limit.
 *
 * <p>Flow observations come from ext_authz only: the request an ext_proc stream belongs to was already observed
 * there, so ext_proc contributes security events (response findings) and no second flow.
 */
public final class TelemetryClient implements ExchangeListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TelemetryClient.class);

  private final String target;
  private final String reporter;
  private final TelemetrySettings settings;
  private final WafMetrics metrics;
  private final ManagedChannel channel;
  private final TelemetryMessages messages = new TelemetryMessages();
  private final DropOldestQueue<SecurityEvent> events;
  private final DropOldestQueue<FlowObservation> flows;
  private final Object wake = new Object();
  private final Thread sender;
  private volatile boolean closing;

  // Touched by the sender thread only.
  private final List<SecurityEvent> pendingEvents = new ArrayList<>();
  private final List<FlowObservation> pendingFlows = new ArrayList<>();
  private boolean reachable = true;

  /**
   * @param target the control plane's gRPC address, {@code host:port}
   * @param reporter names this waf-filter in the batches (host and port), for operators
   */
  public TelemetryClient(String target, String reporter, TelemetrySettings settings, WafMetrics metrics) {
    this.target = target;
    this.reporter = reporter;
    this.settings = settings;
    this.metrics = metrics;
    this.channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
    this.events = new DropOldestQueue<>(settings.eventQueue(), metrics.dropped("event"));
    this.flows = new DropOldestQueue<>(settings.flowQueue(), metrics.dropped("flow"));
    metrics.registry().gauge("meshward.waf.reports.queue.size", List.of(
        io.micrometer.core.instrument.Tag.of("kind", "event")), events, DropOldestQueue::size);
    metrics.registry().gauge("meshward.waf.reports.queue.size", List.of(
        io.micrometer.core.instrument.Tag.of("kind", "flow")), flows, DropOldestQueue::size);
    this.sender = new Thread(this::run, "meshward-telemetry");
    sender.setDaemon(true);
    sender.start();
  }

  public String target() {
    return target;
  }

  @Override
  public void checked(CheckedExchange exchange) {
    if (closing) {
      return;
    }
    if (exchange.securityRelevant()) {
      events.add(messages.event(exchange));
      metrics.queued("event").increment();
    }
    if (exchange.service().equals(CheckedExchange.EXT_AUTHZ)) {
      flows.add(messages.flow(exchange));
      metrics.queued("flow").increment();
    }
  }

  private void run() {
    long backoff = settings.minBackoff().toMillis();
    while (!closing) {
      if (pendingEvents.isEmpty() && pendingFlows.isEmpty()) {
        if (events.size() < settings.batchSize() && flows.size() < settings.batchSize()) {
          pause(settings.flushInterval().toMillis());
        }
        fill();
        if (pendingEvents.isEmpty() && pendingFlows.isEmpty()) {
          continue;
        }
      }
      if (send(settings.callTimeout().toMillis())) {
        backoff = settings.minBackoff().toMillis();
      } else {
        // Jitter keeps many waf-filters from knocking on a restarted control plane at the same instant.
        pause(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
        backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
      }
    }
    flushForShutdown();
  }

  private void flushForShutdown() {
    long deadline = System.nanoTime() + settings.shutdownFlush().toNanos();
    while (true) {
      fill();
      if (pendingEvents.isEmpty() && pendingFlows.isEmpty()) {
        return;
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0 || !send(Math.min(left, settings.callTimeout().toMillis()))) {
        break;
      }
    }
    List<SecurityEvent> lostEvents = new ArrayList<>(pendingEvents);
    List<FlowObservation> lostFlows = new ArrayList<>(pendingFlows);
    events.drainTo(lostEvents, Integer.MAX_VALUE);
    flows.drainTo(lostFlows, Integer.MAX_VALUE);
    metrics.dropped("event").increment(lostEvents.size());
    metrics.dropped("flow").increment(lostFlows.size());
    if (!lostEvents.isEmpty() || !lostFlows.isEmpty()) {
      log.warn("{} security events and {} flow observations could not be sent to the control plane at {} before"
          + " shutdown", lostEvents.size(), lostFlows.size(), target);
    }
  }

  private void fill() {
    if (pendingEvents.isEmpty()) {
      events.drainTo(pendingEvents, settings.batchSize());
    }
    if (pendingFlows.isEmpty()) {
      flows.drainTo(pendingFlows, settings.batchSize());
    }
  }

  /** Sends the pending batch; true when the control plane acknowledged it. */
  private boolean send(long timeoutMillis) {
    TelemetryBatch batch = TelemetryBatch.newBuilder()
        .setReporter(reporter)
        .addAllSecurityEvents(pendingEvents)
        .addAllFlowObservations(pendingFlows)
        .build();
    try {
      ReportAck ack = TelemetryGrpc.report(channel, batch, timeoutMillis);
      metrics.sent("event").increment(pendingEvents.size());
      metrics.sent("flow").increment(pendingFlows.size());
      pendingEvents.clear();
      pendingFlows.clear();
      if (!reachable) {
        reachable = true;
        log.info("reporting to the control plane at {} again ({} events, {} flows in this batch)", target,
            ack.getAcceptedSecurityEvents(), ack.getAcceptedFlowObservations());
      }
      return true;
    } catch (StatusRuntimeException e) {
      metrics.deliveryFailures().increment();
      if (reachable) {
        reachable = false;
        log.warn("cannot report to the control plane at {}: {}; retrying with backoff, queues hold up to {} events"
            + " and {} flows", target, e.getStatus().getCode(), settings.eventQueue(), settings.flowQueue());
      }
      return false;
    }
  }

  private void pause(long millis) {
    synchronized (wake) {
      if (closing || millis <= 0) {
        return;
      }
      try {
        wake.wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closing = true;
      }
    }
  }

  /** Stops taking reports, sends what is queued (within the settings' shutdown limit), closes the channel. */
  @Override
  public void close() {
    synchronized (wake) {
      closing = true;
      wake.notifyAll();
    }
    try {
      sender.join(settings.shutdownFlush().toMillis() + settings.callTimeout().toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
