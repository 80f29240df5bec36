package io.meshward.controlplane.xds;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The xDS server's meters. Names follow Prometheus conventions once rendered ("meshward_xds_nacks_total"). */
public final class XdsMetrics {
  private final MeterRegistry registry;
  private final AtomicInteger streams = new AtomicInteger();
  private final Map<String, Counter> responses = new ConcurrentHashMap<>();
  private final Map<String, Counter> acks = new ConcurrentHashMap<>();
  private final Map<String, Counter> nacks = new ConcurrentHashMap<>();
  private final Counter snapshotsSet;
  private final Counter translationErrors;
  private final Timer publishPass;

  public XdsMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("meshward.xds.streams", streams);
    this.snapshotsSet = Counter.builder("meshward.xds.snapshots.set")
        .description("Snapshots set for a node because its resources changed")
        .register(registry);
    this.translationErrors = Counter.builder("meshward.xds.translation.errors")
        .description("Translations that failed; the node keeps its previous snapshot")
        .register(registry);
    this.publishPass = Timer.builder("meshward.xds.publish")
        .description("Time to translate and set the snapshots of the nodes a change affects")
        .publishPercentiles(0.5, 0.99)
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  void streamOpened() {
    streams.incrementAndGet();
  }

  void streamClosed() {
    streams.decrementAndGet();
  }

  void responseSent(String type) {
    counter(responses, "meshward.xds.responses", "Discovery responses sent", type).increment();
  }

  void acked(String type) {
    counter(acks, "meshward.xds.acks", "Responses a node accepted", type).increment();
  }

  void nacked(String type) {
    counter(nacks, "meshward.xds.nacks", "Responses a node rejected", type).increment();
  }

  void snapshotSet() {
    snapshotsSet.increment();
  }

  void translationFailed() {
    translationErrors.increment();
  }

  void publishPass(Duration took) {
    publishPass.record(took);
  }

  private Counter counter(Map<String, Counter> counters, String name, String description, String type) {
    return counters.computeIfAbsent(type, t -> Counter.builder(name)
        .description(description)
        .tag("type", t)
        .register(registry));
  }
}
