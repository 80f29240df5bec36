package io.meshward.controlplane.policy;

import java.util.Objects;

/**
 * One policy file to apply.
 *
 * @param name names the file in error messages
 * @param yaml its text
 */
public record PolicySource(String name, String yaml) {
  public PolicySource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(yaml, "yaml");
  }
}
