package io.meshward.policy.validate;

import io.meshward.policy.model.HttpMatch;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.RuleAction;
import io.meshward.policy.model.Source;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rules of one policy must have distinct names (they name the generated RBAC policies and the decisions in logs), and
 * an ALLOW rule and a DENY rule must not match exactly the same traffic: one of them would be dead, and which one
 * the operator meant is anybody's guess.
 */
final class RuleConflictCheck {
  private RuleConflictCheck() {}

  /** Equal exactly when {@link IngressRule#sameMatchAs} holds, so that rules can be grouped in one pass. */
  private record MatchKey(Set<Source> from, Set<Integer> ports, Optional<HttpMatch> http) {
    static MatchKey of(IngressRule rule) {
      return new MatchKey(Set.copyOf(rule.from()), Set.copyOf(rule.ports()), rule.http());
    }
  }

  static void check(LocatedDocument doc, List<PolicyError> errors) {
    if (!(doc.document() instanceof WorkloadPolicy policy)) {
      return;
    }
    List<IngressRule> rules = policy.spec().ingress();
    Map<String, Integer> byName = new HashMap<>();
    Map<MatchKey, List<Integer>> byMatch = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      IngressRule rule = rules.get(i);
      Integer sameName = byName.putIfAbsent(rule.name(), i);
      if (sameName != null) {
        errors.add(doc.error(rulePath(i) + ".name", "rule name '" + rule.name() + "' is already used by "
            + rulePath(sameName) + ": rule names must be unique within a policy"));
      }
      List<Integer> sameMatch = byMatch.computeIfAbsent(MatchKey.of(rule), key -> new ArrayList<>());
      for (int j : sameMatch) {
        IngressRule other = rules.get(j);
        if (other.action() != rule.action() && other.sameMatchAs(rule)) {
          errors.add(doc.error(rulePath(i), conflictMessage(rule, other, j)));
          break;
        }
      }
      sameMatch.add(i);
    }
  }

  private static String conflictMessage(IngressRule rule, IngressRule other, int otherIndex) {
    IngressRule allow = rule.action() == RuleAction.ALLOW ? rule : other;
    IngressRule deny = rule.action() == RuleAction.DENY ? rule : other;
    return "rule '" + rule.name() + "' (" + rule.action() + ") matches exactly the same traffic as rule '"
        + other.name() + "' (" + other.action() + ") at " + rulePath(otherIndex) + ": the DENY rule '"
        + deny.name() + "' would make the ALLOW rule '" + allow.name() + "' dead; remove one of them";
  }

  private static String rulePath(int index) {
    return "spec.ingress[" + index + "]";
  }
}
