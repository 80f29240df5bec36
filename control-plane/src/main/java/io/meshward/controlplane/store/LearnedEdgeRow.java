package io.meshward.controlplane.store;

import java.time.Instant;

/**
 * A stored learned edge. {@code method} and {@code pathTemplate} are empty for TCP edges.
 *
 * @param sourceKind {@code PRINCIPAL} or {@code ADDRESS}
 * @param state {@code ALLOWED}, {@code PROPOSED} or {@code REJECTED}
 */
public record LearnedEdgeRow(
    String workload,
    String sourceKind,
    String source,
    int port,
    String protocol,
    String method,
    String pathTemplate,
    long count,
    Instant firstSeen,
    Instant lastSeen,
    String state,
    long violations) {}
