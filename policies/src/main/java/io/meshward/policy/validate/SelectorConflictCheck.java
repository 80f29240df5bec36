package io.meshward.policy.validate;

import io.meshward.policy.model.DocumentKey;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Two policies of a namespace with equal selectors would both claim the same workloads with the same specificity,
 * and neither could win; such a pair is rejected rather than resolved by an arbitrary rule.
 */
final class SelectorConflictCheck {
  private SelectorConflictCheck() {}

  private record Claim(String namespace, WorkloadPolicy.Selector selector) {}

  static void check(Collection<? extends PolicyDocument> existing, List<LocatedDocument> incoming,
                    List<PolicyError> errors) {
    Set<DocumentKey> replaced = incoming.stream().map(doc -> doc.document().key()).collect(Collectors.toSet());
    Map<Claim, WorkloadPolicy> inForce = new HashMap<>();
    for (PolicyDocument doc : existing) {
      if (doc instanceof WorkloadPolicy policy && !replaced.contains(policy.key())) {
        inForce.putIfAbsent(claimOf(policy), policy);
      }
    }
    Map<Claim, LocatedDocument> claimed = new HashMap<>();
    Set<Claim> reported = new HashSet<>();
    for (LocatedDocument doc : incoming) {
      if (!(doc.document() instanceof WorkloadPolicy policy)) {
        continue;
      }
      Claim claim = claimOf(policy);
      LocatedDocument earlier = claimed.putIfAbsent(claim, doc);
      if (earlier != null) {
        errors.add(conflict(doc, policy, PolicySetValidator.describe(earlier, doc)));
      } else if (inForce.containsKey(claim) && reported.add(claim)) {
        errors.add(conflict(doc, policy, inForce.get(claim).key() + " (already in force)"));
      }
    }
  }

  private static Claim claimOf(WorkloadPolicy policy) {
    return new Claim(policy.metadata().namespace(), policy.spec().selector());
  }

  private static PolicyError conflict(LocatedDocument doc, WorkloadPolicy policy, String other) {
    WorkloadPolicy.Selector selector = policy.spec().selector();
    String path = selector.workload().isPresent() ? "spec.selector.workload" : "spec.selector.matchLabels";
    return doc.error(path, "selector " + describe(selector) + " conflicts with " + other
        + ": two policies cannot select the same workloads with the same selector");
  }

  static String describe(WorkloadPolicy.Selector selector) {
    return selector.workload().map(name -> "workload=" + name)
        .orElseGet(() -> "matchLabels=" + selector.matchLabels().orElse(Map.of()));
  }
}
