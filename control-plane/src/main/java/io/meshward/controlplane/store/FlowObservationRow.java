package io.meshward.controlplane.store;

import java.time.Instant;

/** A stored flow observation (see {@code meshward.telemetry.v1.FlowObservation}). */
public record FlowObservationRow(
    long seq,
    Instant time,
    Instant receivedAt,
    String reporter,
    String sourcePrincipal,
    String sourceAddress,
    String destinationWorkload,
    int port,
    String protocol,
    String method,
    String path,
    String verdict,
    String mode,
    String requestId) {}
