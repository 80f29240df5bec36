package io.meshward.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.HttpMatch;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.RuleAction;
import io.meshward.policy.model.Source;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PolicySetValidatorTest {

  private static WorkloadPolicy policy(String namespace, String name, WorkloadPolicy.Selector selector,
                                       IngressRule... rules) {
    return new WorkloadPolicy(ObjectMeta.of(namespace, name),
        new WorkloadPolicy.Spec(selector, Optional.of(Mode.ENFORCE), List.of(rules), WorkloadPolicy.Profiles.NONE));
  }

  private static WorkloadPolicy byWorkload(String namespace, String name, String workload) {
    return policy(namespace, name, WorkloadPolicy.Selector.byWorkload(workload));
  }

  private static IngressRule rule(String name, RuleAction action, Source... from) {
    return new IngressRule(name, action, List.of(from), List.of(8080), Optional.empty());
  }

  /** Located at line = 10 * index, as if each document took ten lines, so that tests can tell them apart. */
  private static List<LocatedDocument> incoming(PolicyDocument... documents) {
    List<LocatedDocument> located = new ArrayList<>();
    for (int i = 0; i < documents.length; i++) {
      int line = 10 * (i + 1);
      located.add(new LocatedDocument(documents[i], "in.yaml", i + 1, Map.of(
          "", new Location(line, 1),
          "metadata.name", new Location(line + 3, 9),
          "spec.selector.workload", new Location(line + 6, 15),
          "spec.selector.matchLabels", new Location(line + 6, 5),
          "spec.ingress[0]", new Location(line + 7, 7),
          "spec.ingress[1]", new Location(line + 8, 7),
          "spec.ingress[1].name", new Location(line + 8, 13))));
    }
    return located;
  }

  @Test
  void aConsistentSetHasNoErrors() {
    List<PolicyError> errors = PolicySetValidator.validate(List.of(byWorkload("shop", "other", "cart")),
        incoming(MeshConfig.defaults(), byWorkload("shop", "payments", "payments"),
            byWorkload("web", "payments", "payments")));

    assertThat(errors).isEmpty();
  }

  @Nested
  class DocumentIdentity {
    @Test
    void theSameDocumentTwiceIsAnErrorOnTheSecondNamingTheFirst() {
      List<PolicyError> errors = PolicySetValidator.validate(List.of(),
          incoming(byWorkload("shop", "payments", "a"), byWorkload("shop", "payments", "b")));

      assertThat(errors).singleElement().satisfies(error -> {
        assertThat(error.document()).isEqualTo(2);
        assertThat(error.path()).isEqualTo("metadata.name");
        assertThat(error.line()).isEqualTo(23);
        assertThat(error.message())
            .isEqualTo("WorkloadPolicy shop/payments is defined twice: it is already document 1");
      });
    }

    @Test
    void namesAreOnlyEqualWithinOneNamespace() {
      assertThat(PolicySetValidator.validate(List.of(),
          incoming(byWorkload("shop", "payments", "a"), byWorkload("web", "payments", "a")))).isEmpty();
    }

    @Test
    void theMeshHasOnlyOneMeshConfig() {
      MeshConfig other = new MeshConfig(ObjectMeta.of("", "other"), MeshConfig.Spec.defaults());

      List<PolicyError> errors = PolicySetValidator.validate(List.of(),
          incoming(MeshConfig.defaults(), other));

      assertThat(errors).singleElement().extracting(PolicyError::message)
          .isEqualTo("only one MeshConfig is allowed, and MeshConfig default (document 1) is one already");
    }

    @Test
    void anIncomingMeshConfigReplacesTheOneInForce() {
      assertThat(PolicySetValidator.validate(List.of(MeshConfig.defaults()), incoming(MeshConfig.defaults())))
          .isEmpty();
    }
  }

  @Nested
  class SelectorConflicts {
    @Test
    void twoIncomingPoliciesWithTheSameWorkloadConflict() {
      List<PolicyError> errors = PolicySetValidator.validate(List.of(),
          incoming(byWorkload("shop", "other", "payments"), byWorkload("shop", "payments", "payments")));

      assertThat(errors).singleElement().satisfies(error -> {
        assertThat(error.format()).isEqualTo("in.yaml:26:15: document 2 (WorkloadPolicy shop/payments): "
            + "spec.selector.workload: selector workload=payments conflicts with WorkloadPolicy shop/other "
            + "(document 1): two policies cannot select the same workloads with the same selector");
      });
    }

    @Test
    void equalLabelSelectorsConflictWhateverTheOrderOfTheLabels() {
      WorkloadPolicy first = policy("shop", "a",
          WorkloadPolicy.Selector.byLabels(Map.of("app", "payments", "tier", "api")));
      WorkloadPolicy second = policy("shop", "b",
          WorkloadPolicy.Selector.byLabels(Map.of("tier", "api", "app", "payments")));

      assertThat(PolicySetValidator.validate(List.of(), incoming(first, second)))
          .singleElement().extracting(PolicyError::path).isEqualTo("spec.selector.matchLabels");
    }

    @Test
    void overlappingButDifferentSelectorsDoNotConflict() {
      WorkloadPolicy byName = byWorkload("shop", "a", "payments");
      WorkloadPolicy byLabels = policy("shop", "b", WorkloadPolicy.Selector.byLabels(Map.of("app", "payments")));
      WorkloadPolicy everything = policy("shop", "c", WorkloadPolicy.Selector.byLabels(Map.of()));

      assertThat(PolicySetValidator.validate(List.of(), incoming(byName, byLabels, everything))).isEmpty();
    }

    @Test
    void selectorsOfDifferentNamespacesNeverConflict() {
      assertThat(PolicySetValidator.validate(List.of(byWorkload("web", "x", "payments")),
          incoming(byWorkload("shop", "y", "payments")))).isEmpty();
    }

    @Test
    void anIncomingPolicyConflictsWithADifferentlyNamedPolicyInForce() {
      List<PolicyError> errors = PolicySetValidator.validate(List.of(byWorkload("shop", "old", "payments")),
          incoming(byWorkload("shop", "new", "payments")));

      assertThat(errors).singleElement().extracting(PolicyError::message).isEqualTo(
          "selector workload=payments conflicts with WorkloadPolicy shop/old (already in force): "
              + "two policies cannot select the same workloads with the same selector");
    }

    @Test
    void anIncomingPolicyReplacesThePolicyInForceOfTheSameName() {
      assertThat(PolicySetValidator.validate(List.of(byWorkload("shop", "payments", "payments")),
          incoming(byWorkload("shop", "payments", "payments")))).isEmpty();
    }

    @Test
    void aPolicyInForceThatIsBeingReplacedNoLongerClaimsItsWorkloads() {
      // "old" moves from payments to cart while "new" takes payments over: both in one apply.
      List<PolicyError> errors = PolicySetValidator.validate(List.of(byWorkload("shop", "old", "payments")),
          incoming(byWorkload("shop", "old", "cart"), byWorkload("shop", "new", "payments")));

      assertThat(errors).isEmpty();
    }
  }

  @Nested
  class RulesOfOnePolicy {
    private final Source frontend = new Source.ServiceAccount("shop", "frontend");

    @Test
    void ruleNamesAreUnique() {
      WorkloadPolicy policy = policy("shop", "p", WorkloadPolicy.Selector.byWorkload("p"),
          rule("web", RuleAction.ALLOW, frontend), rule("web", RuleAction.ALLOW, new Source.Namespace("web")));

      assertThat(PolicySetValidator.validate(List.of(), incoming(policy))).singleElement().satisfies(error -> {
        assertThat(error.path()).isEqualTo("spec.ingress[1].name");
        assertThat(error.line()).isEqualTo(18);
        assertThat(error.message()).isEqualTo(
            "rule name 'web' is already used by spec.ingress[0]: rule names must be unique within a policy");
      });
    }

    @Test
    void anAllowAndADenyRuleMatchingTheSameTrafficConflict() {
      WorkloadPolicy policy = policy("shop", "p", WorkloadPolicy.Selector.byWorkload("p"),
          rule("allow-frontend", RuleAction.ALLOW, frontend, new Source.Namespace("web")),
          rule("deny-frontend", RuleAction.DENY, new Source.Namespace("web"), frontend));

      assertThat(PolicySetValidator.validate(List.of(), incoming(policy))).singleElement().satisfies(error -> {
        assertThat(error.path()).isEqualTo("spec.ingress[1]");
        assertThat(error.message()).contains("rule 'deny-frontend' (DENY)", "rule 'allow-frontend' (ALLOW)",
            "spec.ingress[0]");
      });
    }

    @Test
    void rulesThatDifferInAnyConditionDoNotConflict() {
      IngressRule allow = rule("allow", RuleAction.ALLOW, frontend);
      IngressRule denyOnOtherPort = new IngressRule("deny", RuleAction.DENY, List.of(frontend), List.of(9090),
          Optional.empty());
      IngressRule denyForDeletes = new IngressRule("deny-delete", RuleAction.DENY, List.of(frontend),
          List.of(8080), Optional.of(new HttpMatch(List.of("DELETE"), List.of(), List.of())));

      assertThat(PolicySetValidator.validate(List.of(), incoming(policy("shop", "p",
          WorkloadPolicy.Selector.byWorkload("p"), allow, denyOnOtherPort, denyForDeletes)))).isEmpty();
    }

    @Test
    void twoRulesWithTheSameActionAndMatchAreRedundantButNotConflicting() {
      assertThat(PolicySetValidator.validate(List.of(), incoming(policy("shop", "p",
          WorkloadPolicy.Selector.byWorkload("p"),
          rule("a", RuleAction.ALLOW, frontend), rule("b", RuleAction.ALLOW, frontend))))).isEmpty();
    }

    @Test
    void rulesOfPoliciesInForceAreNotRechecked() {
      WorkloadPolicy broken = policy("shop", "p", WorkloadPolicy.Selector.byWorkload("p"),
          rule("x", RuleAction.ALLOW, frontend), rule("x", RuleAction.DENY, frontend));

      assertThat(PolicySetValidator.validate(List.of(broken), List.of())).isEmpty();
    }

    @Test
    void manyRulesAreCheckedQuickly() {
      IngressRule[] rules = new IngressRule[20_000];
      for (int i = 0; i < rules.length; i++) {
        rules[i] = new IngressRule("r" + i, i % 2 == 0 ? RuleAction.ALLOW : RuleAction.DENY, List.of(frontend),
            List.of(1 + i % 60_000), Optional.empty());
      }
      long start = System.nanoTime();

      List<PolicyError> errors = PolicySetValidator.validate(List.of(),
          incoming(policy("shop", "p", WorkloadPolicy.Selector.byWorkload("p"), rules)));

      assertThat(errors).isEmpty();
      assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }
  }
}
