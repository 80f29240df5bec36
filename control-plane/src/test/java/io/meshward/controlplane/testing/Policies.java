package io.meshward.controlplane.testing;

import io.meshward.policy.model.HttpMatch;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.PathPattern;
import io.meshward.policy.model.RuleAction;
import io.meshward.policy.model.Source;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.List;
import java.util.Optional;

/** Small builders of policy records for tests that don't go through YAML. */
public final class Policies {
  private Policies() {}

  public static WorkloadPolicy policy(String namespace, String name, String workload, Mode mode,
                                      IngressRule... rules) {
    return new WorkloadPolicy(ObjectMeta.of(namespace, name), new WorkloadPolicy.Spec(
        WorkloadPolicy.Selector.byWorkload(workload), Optional.ofNullable(mode), List.of(rules),
        WorkloadPolicy.Profiles.NONE));
  }

  public static IngressRule allowFromCidr(String name, String address, int prefixLength) {
    return new IngressRule(name, RuleAction.ALLOW, List.of(new Source.Cidr(address, prefixLength)), List.of(),
        Optional.empty());
  }

  public static IngressRule allowFromServiceAccount(String name, String namespace, String serviceAccount,
                                                    List<Integer> ports, List<String> methods,
                                                    List<String> paths) {
    return new IngressRule(name, RuleAction.ALLOW, List.of(new Source.ServiceAccount(namespace, serviceAccount)),
        ports, Optional.of(new HttpMatch(methods, paths.stream().map(PathPattern::parse).toList(), List.of())));
  }
}
