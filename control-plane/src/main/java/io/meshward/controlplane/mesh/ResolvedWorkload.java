package io.meshward.controlplane.mesh;

import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What is in force for one workload: its mode and why, the policy that governs it, its allowlist, its inspection
 * profiles, and the sources quarantined mesh-wide.
 */
public record ResolvedWorkload(
    Mode mode,
    ModeSource modeSource,
    Optional<WorkloadPolicy> policy,
    List<IngressRule> rules,
    String wafProfile,
    String dlpProfile,
    List<String> warnings,
    List<QuarantinedSource> quarantines) {

  public ResolvedWorkload {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(modeSource, "modeSource");
    policy = policy == null ? Optional.empty() : policy;
    rules = List.copyOf(rules);
    Objects.requireNonNull(wafProfile, "wafProfile");
    Objects.requireNonNull(dlpProfile, "dlpProfile");
    warnings = List.copyOf(warnings);
    quarantines = List.copyOf(quarantines);
  }

  /** "namespace/name" of the governing policy, or empty. */
  public String policyName() {
    return policy.map(p -> p.metadata().qualifiedName()).orElse("");
  }
}
