package io.meshward.controlplane.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeshResolverTest {
  private static final NodeIdentity PAYMENTS = new NodeIdentity("p-1", NodeKind.ENVOY_SIDECAR, "shop", "payments",
      "payments", Map.of("app", "payments", "tier", "backend"), 15006, 8080, List.of());

  private static WorkloadPolicy policy(String name, WorkloadPolicy.Selector selector, Mode mode) {
    return new WorkloadPolicy(ObjectMeta.of("shop", name),
        new WorkloadPolicy.Spec(selector, Optional.ofNullable(mode), List.of(), WorkloadPolicy.Profiles.NONE));
  }

  private static MeshState state(List<WorkloadPolicy> policies, Map<ModeTarget, Mode> overrides) {
    return new MeshState(1, MeshConfig.defaults(), policies, overrides);
  }

  @Test
  void theMostSpecificSelectorWins() {
    ResolvedWorkload resolved = MeshResolver.resolve(state(List.of(
        policy("whole-namespace", WorkloadPolicy.Selector.byLabels(Map.of()), Mode.MONITOR),
        policy("backend", WorkloadPolicy.Selector.byLabels(Map.of("tier", "backend")), Mode.MONITOR),
        policy("by-name", WorkloadPolicy.Selector.byWorkload("payments"), Mode.ENFORCE)), Map.of()), PAYMENTS);

    assertThat(resolved.policyName()).isEqualTo("shop/by-name");
    assertThat(resolved.warnings()).isEmpty();
  }

  @Test
  void equallySpecificPoliciesAreATieTheFirstNameWinsAndTheNodeIsWarned() {
    ResolvedWorkload resolved = MeshResolver.resolve(state(List.of(
        policy("zeta", WorkloadPolicy.Selector.byLabels(Map.of("app", "payments")), null),
        policy("alpha", WorkloadPolicy.Selector.byLabels(Map.of("tier", "backend")), null)), Map.of()), PAYMENTS);

    assertThat(resolved.policyName()).isEqualTo("shop/alpha");
    assertThat(resolved.warnings()).singleElement().asString().contains("shop/alpha", "shop/zeta");
  }

  @Test
  void policiesOfOtherNamespacesOrNotMatchingLabelsDoNotApply() {
    WorkloadPolicy otherNamespace = new WorkloadPolicy(ObjectMeta.of("catalog", "p"), new WorkloadPolicy.Spec(
        WorkloadPolicy.Selector.byWorkload("payments"), Optional.of(Mode.ENFORCE), List.of(),
        WorkloadPolicy.Profiles.NONE));
    ResolvedWorkload resolved = MeshResolver.resolve(state(List.of(otherNamespace,
        policy("frontend", WorkloadPolicy.Selector.byLabels(Map.of("tier", "frontend")), Mode.ENFORCE)),
        Map.of()), PAYMENTS);

    assertThat(resolved.policy()).isEmpty();
    assertThat(resolved.mode()).isEqualTo(Mode.LEARN);
    assertThat(resolved.modeSource()).isEqualTo(ModeSource.MESH_DEFAULT);
  }

  @Test
  void theModeComesFromWorkloadOverrideThenNamespaceOverrideThenPolicyThenMeshDefault() {
    List<WorkloadPolicy> policies = List.of(policy("p", WorkloadPolicy.Selector.byWorkload("payments"),
        Mode.MONITOR));

    assertThat(MeshResolver.resolve(state(policies, Map.of(
        ModeTarget.workload("shop", "payments"), Mode.ENFORCE,
        ModeTarget.namespace("shop"), Mode.LEARN)), PAYMENTS))
        .extracting(ResolvedWorkload::mode, ResolvedWorkload::modeSource)
        .containsExactly(Mode.ENFORCE, ModeSource.WORKLOAD_OVERRIDE);
    assertThat(MeshResolver.resolve(state(policies, Map.of(ModeTarget.namespace("shop"), Mode.LEARN)), PAYMENTS))
        .extracting(ResolvedWorkload::mode, ResolvedWorkload::modeSource)
        .containsExactly(Mode.LEARN, ModeSource.NAMESPACE_OVERRIDE);
    assertThat(MeshResolver.resolve(state(policies, Map.of()), PAYMENTS))
        .extracting(ResolvedWorkload::mode, ResolvedWorkload::modeSource)
        .containsExactly(Mode.MONITOR, ModeSource.POLICY);
    assertThat(MeshResolver.resolve(state(List.of(), Map.of()), PAYMENTS))
        .extracting(ResolvedWorkload::mode, ResolvedWorkload::modeSource)
        .containsExactly(Mode.LEARN, ModeSource.MESH_DEFAULT);
  }

  @Test
  void aNodeThatDoesNotSayWhoItIsRunsInLearnWithNothingDeniedWhateverTheOverrides() {
    NodeIdentity anonymous = new NodeIdentity("x", NodeKind.ENVOY_SIDECAR, "shop", "", "", Map.of(), 15006, 8080,
        List.of("metadata meshward.workload is missing"));

    ResolvedWorkload resolved = MeshResolver.resolve(state(List.of(
        policy("all", WorkloadPolicy.Selector.byLabels(Map.of()), Mode.ENFORCE)),
        Map.of(ModeTarget.namespace("shop"), Mode.ENFORCE)), anonymous);

    assertThat(resolved.mode()).isEqualTo(Mode.LEARN);
    assertThat(resolved.modeSource()).isEqualTo(ModeSource.UNIDENTIFIED_NODE);
    assertThat(resolved.rules()).isEmpty();
    assertThat(resolved.warnings()).isNotEmpty();
  }

  @Test
  void profilesComeFromThePolicyOrTheMeshDefaults() {
    WorkloadPolicy withProfiles = new WorkloadPolicy(ObjectMeta.of("shop", "p"), new WorkloadPolicy.Spec(
        WorkloadPolicy.Selector.byWorkload("payments"), Optional.empty(), List.of(),
        new WorkloadPolicy.Profiles(Optional.of("strict"), Optional.empty())));

    ResolvedWorkload resolved = MeshResolver.resolve(state(List.of(withProfiles), Map.of()), PAYMENTS);

    assertThat(resolved.wafProfile()).isEqualTo("strict");
    assertThat(resolved.dlpProfile()).isEqualTo(MeshConfig.defaults().spec().inspection().dlpProfile());
  }
}
