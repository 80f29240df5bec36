package io.meshward.controlplane.mesh;

import java.time.Instant;
import java.util.Objects;

/**
 * A source every sidecar and proxyless server denies, whatever its workload's mode, until {@code until}: an
 * authenticated principal, or a source address when the attacker had no identity.
 *
 * @param id the quarantine's id, as {@code meshward quarantine list} shows it
 */
public record QuarantinedSource(String id, Kind kind, String value, Instant until) {
  public enum Kind {
    PRINCIPAL,
    ADDRESS
  }

  public QuarantinedSource {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(until, "until");
  }
}
