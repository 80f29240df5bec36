package io.meshward.controlplane.learn;

import java.time.Instant;

/**
 * An edge with how often and when it was seen, where it stands, and how many of its sightings were violations
 * (seen in MONITOR or ENFORCE while outside the allowlist).
 */
public record EdgeHistory(LearnedEdge edge, long count, Instant firstSeen, Instant lastSeen, EdgeState state,
                          long violations) {
  /** The edge's id, as operators name it in {@code meshward learned accept|reject}. */
  public String id() {
    return edge.id();
  }
}
