package io.meshward.controlplane.mesh;

import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything in force that translation reads, as one immutable value: the mesh config, the policies and the
 * operator's mode overrides, the quarantined sources and the learned allowlist. A new state replaces the old one whole; nobody mutates it.
 *
 * @param revision the store revision this state was read at
 */
public record MeshState(long revision, MeshConfig meshConfig, List<WorkloadPolicy> policies,
                        Map<ModeTarget, io.meshward.policy.model.Mode> modeOverrides,
                        List<QuarantinedSource> quarantines,
                        Map<String, List<IngressRule>> learnedRules) {
  public MeshState {
    Objects.requireNonNull(meshConfig, "meshConfig");
    policies = List.copyOf(policies);
    modeOverrides = Map.copyOf(modeOverrides);
    quarantines = List.copyOf(quarantines);
    learnedRules = Map.copyOf(learnedRules);
  }

  /** A state without quarantines and learned rules. */
  public MeshState(long revision, MeshConfig meshConfig, List<WorkloadPolicy> policies,
                   Map<ModeTarget, io.meshward.policy.model.Mode> modeOverrides) {
    this(revision, meshConfig, policies, modeOverrides, List.of(), Map.of());
  }

  public static MeshState empty() {
    return new MeshState(0, MeshConfig.defaults(), List.of(), Map.of());
  }

  /** This state with {@code quarantines} in force instead of its own. */
  public MeshState withQuarantines(List<QuarantinedSource> quarantines) {
    return new MeshState(revision, meshConfig, policies, modeOverrides, quarantines, learnedRules);
  }

  /** This state with {@code learnedRules} (the learned allowlist by "namespace/workload") instead of its own. */
  public MeshState withLearnedRules(Map<String, List<IngressRule>> learnedRules) {
    return new MeshState(revision, meshConfig, policies, modeOverrides, quarantines, learnedRules);
  }
}
