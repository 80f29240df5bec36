package io.meshward.controlplane.mesh;

import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides what is in force for a node: which policy governs it and in which mode, and its allowlist (the policy's
 * rules, then what was learned for its workload). A pure function of the mesh state
 * and the node's identity.
 *
 * <p>When several policies of the namespace select a workload, the most specific selector wins (a workload name beats
 * labels, more labels beat fewer); on a tie the policy whose name sorts first wins and the node carries a warning.
 * The mode comes from the first of: a workload override, a namespace override, the policy's {@code spec.mode}, the
 * mesh default.
 */
public final class MeshResolver {
  private static final Comparator<WorkloadPolicy> MOST_SPECIFIC_FIRST =
      Comparator.<WorkloadPolicy>comparingInt(p -> p.spec().selector().specificity()).reversed()
          .thenComparing(p -> p.metadata().name());

  private MeshResolver() {}

  /** The policy's rules, then the learned allowlist's. */
  private static List<IngressRule> rules(Optional<WorkloadPolicy> policy, List<IngressRule> learned) {
    List<IngressRule> written = policy.map(p -> p.spec().ingress()).orElse(List.of());
    if (learned.isEmpty()) {
      return written;
    }
    List<IngressRule> all = new ArrayList<>(written.size() + learned.size());
    all.addAll(written);
    all.addAll(learned);
    return all;
  }

  public static ResolvedWorkload resolve(MeshState state, NodeIdentity node) {
    MeshConfig.Spec mesh = state.meshConfig().spec();
    String defaultWaf = mesh.inspection().wafProfile();
    String defaultDlp = mesh.inspection().dlpProfile();
    if (!node.identified()) {
      return new ResolvedWorkload(Mode.LEARN, ModeSource.UNIDENTIFIED_NODE, Optional.empty(), List.of(), defaultWaf,
          defaultDlp, List.of("the node's metadata names no namespace and workload: it runs in LEARN and nothing is"
              + " denied until it does, but quarantined sources"), state.quarantines());
    }

    List<String> warnings = new ArrayList<>();
    List<WorkloadPolicy> selecting = state.policies().stream()
        .filter(p -> p.metadata().namespace().equals(node.namespace()))
        .filter(p -> p.spec().selector().selects(node.workload(), node.labels()))
        .sorted(MOST_SPECIFIC_FIRST)
        .toList();
    Optional<WorkloadPolicy> policy = selecting.stream().findFirst();
    if (selecting.size() > 1) {
      WorkloadPolicy first = selecting.get(0);
      WorkloadPolicy second = selecting.get(1);
      if (first.spec().selector().specificity() == second.spec().selector().specificity()) {
        warnings.add("policies " + first.metadata().qualifiedName() + " and " + second.metadata().qualifiedName()
            + " select this workload equally specifically; " + first.metadata().qualifiedName() + " applies");
      }
    }

    Mode mode;
    ModeSource source;
    Mode workloadOverride = state.modeOverrides().get(ModeTarget.workload(node.namespace(), node.workload()));
    Mode namespaceOverride = state.modeOverrides().get(ModeTarget.namespace(node.namespace()));
    Optional<Mode> policyMode = policy.flatMap(p -> p.spec().mode());
    if (workloadOverride != null) {
      mode = workloadOverride;
      source = ModeSource.WORKLOAD_OVERRIDE;
    } else if (namespaceOverride != null) {
      mode = namespaceOverride;
      source = ModeSource.NAMESPACE_OVERRIDE;
    } else if (policyMode.isPresent()) {
      mode = policyMode.get();
      source = ModeSource.POLICY;
    } else {
      mode = mesh.defaultMode();
      source = ModeSource.MESH_DEFAULT;
    }

    return new ResolvedWorkload(
        mode,
        source,
        policy,
        rules(policy, state.learnedRules().getOrDefault(node.workloadRef(), List.of())),
        policy.flatMap(p -> p.spec().profiles().waf()).orElse(defaultWaf),
        policy.flatMap(p -> p.spec().profiles().dlp()).orElse(defaultDlp),
        warnings,
        state.quarantines());
  }
}
