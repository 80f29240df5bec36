package io.meshward.controlplane.mesh;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an operator's mode override applies to: a whole namespace ({@code shop}) or one workload
 * ({@code shop/payments}). A workload override beats a namespace override.
 */
public record ModeTarget(String namespace, Optional<String> workload) {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public ModeTarget {
    Objects.requireNonNull(namespace, "namespace");
    workload = workload == null ? Optional.empty() : workload;
  }

  public static ModeTarget namespace(String namespace) {
    return new ModeTarget(namespace, Optional.empty());
  }

  public static ModeTarget workload(String namespace, String workload) {
    return new ModeTarget(namespace, Optional.of(workload));
  }

  /**
   * Parses "namespace" or "namespace/workload".
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static ModeTarget parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a mode target is 'namespace' or 'namespace/workload', got nothing");
    }
    String[] parts = text.trim().split("/", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException(
          "a mode target is 'namespace' or 'namespace/workload', got '" + text + "'");
    }
    for (String part : parts) {
      if (!DNS_LABEL.matcher(part).matches()) {
        throw new IllegalArgumentException("'" + part + "' in mode target '" + text
            + "' is not a valid name (lower-case letters, digits and '-', at most 63)");
      }
    }
    return parts.length == 1 ? namespace(parts[0]) : workload(parts[0], parts[1]);
  }

  @Override
  public String toString() {
    return workload.map(w -> namespace + "/" + w).orElse(namespace);
  }
}
