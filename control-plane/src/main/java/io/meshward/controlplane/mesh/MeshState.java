package io.meshward.controlplane.mesh;

import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything in force that translation reads, as one immutable value: the mesh config, the policies and the
 * operator's mode overrides, and the quarantined sources. A new state replaces the old one whole; nobody mutates it.
 *
 * @param revision the store revision this state was read at
 */
public record MeshState(long revision, MeshConfig meshConfig, List<WorkloadPolicy> policies,
                        Map<ModeTarget, io.meshward.policy.model.Mode> modeOverrides,
                        List<QuarantinedSource> quarantines) {
  public MeshState {
    Objects.requireNonNull(meshConfig, "meshConfig");
    policies = List.copyOf(policies);
    modeOverrides = Map.copyOf(modeOverrides);
    quarantines = List.copyOf(quarantines);
  }

  /** A state without quarantines. */
  public MeshState(long revision, MeshConfig meshConfig, List<WorkloadPolicy> policies,
                   Map<ModeTarget, io.meshward.policy.model.Mode> modeOverrides) {
    this(revision, meshConfig, policies, modeOverrides, List.of());
  }

  public static MeshState empty() {
    return new MeshState(0, MeshConfig.defaults(), List.of(), Map.of());
  }

  /** This state with {@code quarantines} in force instead of its own. */
  public MeshState withQuarantines(List<QuarantinedSource> quarantines) {
    return new MeshState(revision, meshConfig, policies, modeOverrides, quarantines);
  }
}
