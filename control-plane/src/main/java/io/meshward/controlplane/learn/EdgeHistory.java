package io.meshward.controlplane.learn;

import java.time.Instant;

/** An edge with how often and when it was seen. */
public record EdgeHistory(LearnedEdge edge, long count, Instant firstSeen, Instant lastSeen) {}
