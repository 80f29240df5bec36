package io.meshward.controlplane.store;

import io.meshward.policy.model.DocumentKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A policy document as stored: its canonical YAML text, how many times its content changed (1 when first
 * stored) and when it last changed. Times are kept at millisecond precision.
 */
public record StoredDocument(DocumentKey key, String yaml, long generation, Instant updatedAt) {
  public StoredDocument {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
