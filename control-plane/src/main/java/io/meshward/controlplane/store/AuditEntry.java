package io.meshward.controlplane.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit trail. {@code seq} increases with every entry and is never reused, so a reader can
 * page through the trail with {@link Store#audit(long, int)} by passing the last {@code seq} it saw.
 */
public record AuditEntry(long seq, Instant at, String action, String target, String detail) {
  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(detail, "detail");
  }
}
