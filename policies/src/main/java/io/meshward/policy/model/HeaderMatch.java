package io.meshward.policy.model;

import java.util.Objects;

/** A request header condition: the header is present, equals a value, or starts with a prefix. */
public record HeaderMatch(String name, Kind kind, String value) {
  public enum Kind { PRESENT, EXACT, PREFIX }

  public HeaderMatch {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    value = value == null ? "" : value;
  }
}
