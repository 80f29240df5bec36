package io.meshward.waf.service.telemetry;

import java.time.Duration;

/**
 * How events travel to the control plane.
 *
 * @param eventQueue security events held while the control plane is slow or away; beyond, the oldest are dropped
 * @param flowQueue flow observations held likewise (kept apart so that a flood of flows never pushes out events)
 * @param batchSize the most reports of each kind in one call
 * @param flushInterval how long the sender waits for a batch to fill before it sends what it has
 * @param callTimeout the deadline of one call
 * @param minBackoff the first wait after a failed call; doubled after each further failure
 * @param maxBackoff the longest wait between attempts
 * @param shutdownFlush how long closing may spend sending what is queued
 */
public record TelemetrySettings(
    int eventQueue,
    int flowQueue,
    int batchSize,
    Duration flushInterval,
    Duration callTimeout,
    Duration minBackoff,
    Duration maxBackoff,
    Duration shutdownFlush) {

  public TelemetrySettings {
    if (eventQueue < 1 || flowQueue < 1 || batchSize < 1) {
      throw new IllegalArgumentException("queue capacities and the batch size must be at least 1");
    }
  }

  /**
   * 10,000 events and 50,000 flows (a few MB at most); batches of 500 every 250 ms; 5 s per call; backoff from
   * 100 ms to 5 s; up to 3 s to flush on shutdown.
   */
  public static TelemetrySettings defaults() {
    return new TelemetrySettings(10_000, 50_000, 500, Duration.ofMillis(250), Duration.ofSeconds(5),
        Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(3));
  }

  public TelemetrySettings withQueues(int events, int flows) {
    return new TelemetrySettings(events, flows, batchSize, flushInterval, callTimeout, minBackoff, maxBackoff,
        shutdownFlush);
  }

  public TelemetrySettings withBackoff(Duration min, Duration max) {
    return new TelemetrySettings(eventQueue, flowQueue, batchSize, flushInterval, callTimeout, min, max,
        shutdownFlush);
  }
}
