package io.meshward.controlplane.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A stored quarantine.
 *
 * @param sourceKind {@code PRINCIPAL} or {@code ADDRESS}
 * @param eventIds the security events that caused it
 * @param releasedAt when an operator released it or it expired; empty while it may be in force
 */
public record QuarantineRow(
    String id,
    String sourceKind,
    String source,
    String reason,
    List<String> eventIds,
    Instant createdAt,
    Instant expiresAt,
    Optional<Instant> releasedAt,
    Optional<String> releaseReason) {
  public QuarantineRow {
    eventIds = List.copyOf(eventIds);
  }

  /** Whether it denies its source at {@code now}. */
  public boolean inForce(Instant now) {
    return releasedAt.isEmpty() && now.isBefore(expiresAt);
  }
}
