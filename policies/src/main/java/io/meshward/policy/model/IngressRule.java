package io.meshward.policy.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One allowlist entry: traffic from any of {@code from} to any of {@code ports} that also matches {@code http}.
 * An empty {@code from} means any source; empty {@code ports} any port; an empty {@code http} any request.
 */
public record IngressRule(String name, RuleAction action, List<Source> from, List<Integer> ports,
                          Optional<HttpMatch> http) {
  public IngressRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(action, "action");
    from = Collections2.copyOf(from);
    ports = Collections2.copyOf(ports);
    http = http == null ? Optional.empty() : http;
  }

  /** Whether two rules match exactly the same traffic, whatever their names and actions. */
  public boolean sameMatchAs(IngressRule other) {
    return java.util.Set.copyOf(from).equals(java.util.Set.copyOf(other.from))
        && java.util.Set.copyOf(ports).equals(java.util.Set.copyOf(other.ports))
        && http.equals(other.http);
  }
}
