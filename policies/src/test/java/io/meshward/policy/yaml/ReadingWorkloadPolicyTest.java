package io.meshward.policy.yaml;

import static io.meshward.policy.yaml.PolicyTexts.formattedErrors;
import static io.meshward.policy.yaml.PolicyTexts.policyWithSpec;
import static io.meshward.policy.yaml.PolicyTexts.read;
import static io.meshward.policy.yaml.PolicyTexts.readPolicy;
import static io.meshward.policy.yaml.PolicyTexts.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.HeaderMatch;
import io.meshward.policy.model.HttpMatch;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.PathPattern;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.RuleAction;
import io.meshward.policy.model.Source;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReadingWorkloadPolicyTest {

  @Test
  void readsARichPolicyIntoCanonicalValues() {
    List<PolicyDocument> documents = read(resource("workload-policies.yaml"));

    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("meshward.io/owner", "payments team <pay@example.org>");
    annotations.put("note", "yes");
    IngressRule fromFrontend = new IngressRule("from-frontend", RuleAction.ALLOW,
        List.of(new Source.Principal("spiffe://cluster.local/ns/shop/sa/frontend"),
            new Source.ServiceAccount("shop", "checkout"),
            new Source.ServiceAccount("web", "storefront"),
            new Source.Namespace("backoffice"),
            new Source.Cidr("10.0.0.0", 8),
            new Source.Cidr("2001:db8::", 32),
            new Source.Cidr("192.168.1.7", 32)),
        List.of(8080, 9090),
        Optional.of(new HttpMatch(List.of("GET", "POST"),
            List.of(PathPattern.parse("/api/**"), PathPattern.parse("/users/{id}"),
                PathPattern.parse("/orders/*/items"), PathPattern.parse("/healthz")),
            List.of(new HeaderMatch("x-tenant", HeaderMatch.Kind.EXACT, "acme"),
                new HeaderMatch("x-request-id", HeaderMatch.Kind.PRESENT, ""),
                new HeaderMatch(":authority", HeaderMatch.Kind.PREFIX, "payments.")))));
    IngressRule blockLegacy = new IngressRule("block-legacy", RuleAction.DENY,
        List.of(new Source.Namespace("legacy")), List.of(), Optional.empty());
    assertThat(documents).containsExactly(
        new WorkloadPolicy(new ObjectMeta("payments-api", "shop", Map.of("team", "pay", "tier", "backend"),
            annotations),
            new WorkloadPolicy.Spec(WorkloadPolicy.Selector.byWorkload("payments"), Optional.of(Mode.ENFORCE),
                List.of(fromFrontend, blockLegacy),
                new WorkloadPolicy.Profiles(Optional.of("strict"), Optional.of("pci")))),
        new WorkloadPolicy(ObjectMeta.of("shop", "shop-defaults"),
            new WorkloadPolicy.Spec(WorkloadPolicy.Selector.byLabels(Map.of()), Optional.empty(), List.of(),
                WorkloadPolicy.Profiles.NONE)));
  }

  @Test
  void keepsLabelsAndAnnotationsInTheOrderWritten() {
    WorkloadPolicy policy = readPolicy("""
        apiVersion: meshward.io/v1alpha1
        kind: WorkloadPolicy
        metadata:
          name: p
          namespace: shop
          labels: {zeta: "1", alpha: "2", mid: "3"}
          annotations: {z: a, a: z}
        spec:
          selector: {workload: p}
        """);

    assertThat(policy.metadata().labels().keySet()).containsExactly("zeta", "alpha", "mid");
    assertThat(policy.metadata().annotations().keySet()).containsExactly("z", "a");
  }

  @Test
  void withoutModeIngressOrProfilesThePolicyInheritsAndAllowsNothingYet() {
    WorkloadPolicy policy = readPolicy(policyWithSpec("mode:\ningress: []\nprofiles: {}\n"));

    assertThat(policy.spec().mode()).isEmpty();
    assertThat(policy.spec().ingress()).isEmpty();
    assertThat(policy.spec().profiles()).isEqualTo(WorkloadPolicy.Profiles.NONE);
  }

  @Nested
  class Selector {
    @Test
    void selectsByLabels() {
      WorkloadPolicy policy = readPolicy("""
          apiVersion: meshward.io/v1alpha1
          kind: WorkloadPolicy
          metadata: {name: p, namespace: shop}
          spec:
            selector:
              matchLabels:
                app.kubernetes.io/name: payments
                track: stable
          """);

      assertThat(policy.spec().selector())
          .isEqualTo(WorkloadPolicy.Selector.byLabels(Map.of("app.kubernetes.io/name", "payments",
              "track", "stable")));
    }

    @Test
    void hasExactlyOneOfWorkloadAndMatchLabels() {
      assertThat(formattedErrors("""
          apiVersion: meshward.io/v1alpha1
          kind: WorkloadPolicy
          metadata: {name: both, namespace: shop}
          spec:
            selector:
              workload: payments
              matchLabels: {app: payments}
          ---
          apiVersion: meshward.io/v1alpha1
          kind: WorkloadPolicy
          metadata: {name: neither, namespace: shop}
          spec:
            selector: {matchLabels: }
          """)).containsExactly(
          "test.yaml:5:3: document 1 (WorkloadPolicy shop/both): spec.selector: a selector has either 'workload'"
              + " or 'matchLabels', not both",
          "test.yaml:13:3: document 2 (WorkloadPolicy shop/neither): spec.selector: a selector needs 'workload'"
              + " or 'matchLabels' ('matchLabels: {}' selects every workload of the namespace)");
    }

    @Test
    void isRequired() {
      assertThat(formattedErrors("""
          apiVersion: meshward.io/v1alpha1
          kind: WorkloadPolicy
          metadata: {name: p, namespace: shop}
          spec:
            mode: LEARN
          """)).containsExactly(
          "test.yaml:4:1: document 1 (WorkloadPolicy shop/p): spec.selector: missing required field 'selector'");
    }

    @Test
    void checksWorkloadNamesAndLabels() {
      assertThat(formattedErrors("""
          apiVersion: meshward.io/v1alpha1
          kind: WorkloadPolicy
          metadata: {name: a, namespace: shop}
          spec:
            selector: {workload: Payments}
          ---
          apiVersion: meshward.io/v1alpha1
          kind: WorkloadPolicy
          metadata: {name: b, namespace: shop}
          spec:
            selector:
              matchLabels: {-app: "x y"}
          """)).containsExactly(
          "test.yaml:5:24: document 1 (WorkloadPolicy shop/a): spec.selector.workload: \"Payments\" is not a valid"
              + " DNS-1123 label: use at most 63 lowercase letters, digits and '-', starting and ending with a"
              + " letter or digit",
          "test.yaml:12:19: document 2 (WorkloadPolicy shop/b): spec.selector.matchLabels.-app: \"-app\" is"
              + " not a valid label key: use an optional DNS subdomain prefix and '/', then at most 63 letters,"
              + " digits, '-', '_' and '.', starting and ending with a letter or digit",
          "test.yaml:12:25: document 2 (WorkloadPolicy shop/b): spec.selector.matchLabels.-app: \"x y\" is not"
              + " a valid label value: use at most 63 letters, digits, '-', '_' and '.', starting and ending with a"
              + " letter or digit");
    }
  }

  @Nested
  class Metadata {
    @Test
    void aWorkloadPolicyNeedsANameAndANamespace() {
      assertThat(formattedErrors("""
          apiVersion: meshward.io/v1alpha1
          kind: WorkloadPolicy
          metadata:
            labels: {team: pay}
          spec:
            selector: {workload: p}
          """)).containsExactly(
          "test.yaml:3:1: document 1 (WorkloadPolicy): metadata.name: missing required field 'name'",
          "test.yaml:3:1: document 1 (WorkloadPolicy): metadata.namespace: missing required field 'namespace'");
    }

    @Test
    void namesAreDnsSubdomainsAndNamespacesDnsLabels() {
      assertThat(formattedErrors("""
          apiVersion: meshward.io/v1alpha1
          kind: WorkloadPolicy
          metadata:
            name: payments.v2
            namespace: shop.eu
          spec:
            selector: {workload: p}
          """)).containsExactly(
          "test.yaml:5:14: document 1 (WorkloadPolicy shop.eu/payments.v2): metadata.namespace: \"shop.eu\" is not"
              + " a valid DNS-1123 label: use at most 63 lowercase letters, digits and '-', starting and ending with"
              + " a letter or digit");
    }

    @Test
    void aNameHasAtMost253Characters() {
      String longName = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(62);
      assertThat(longName).hasSize(254);

      assertThat(formattedErrors("""
          apiVersion: meshward.io/v1alpha1
          kind: WorkloadPolicy
          metadata: {name: %s, namespace: shop}
          spec: {selector: {workload: p}}
          """.formatted(longName))).singleElement().asString().contains("is not a valid DNS-1123 subdomain");
    }
  }

  @org.junit.jupiter.api.Test
  void aPolicyMayCarryItsOwnAutoPromotionWhichIsWrittenBackAsItWasRead() {
    String text = policyWithSpec("""
        autoPromotion:
          enabled: true
          learnToMonitorAfter: 2h
        """);

    WorkloadPolicy policy = readPolicy(text);

    assertThat(policy.spec().autoPromotion()).hasValueSatisfying(p -> {
      assertThat(p.enabled()).isTrue();
      assertThat(p.learnToMonitorAfter()).isEqualTo(java.time.Duration.ofHours(2));
      assertThat(p.monitorToEnforceAfter()).as("the built-in default").isEqualTo(java.time.Duration.ofHours(72));
    });
    assertThat(readPolicy(new io.meshward.policy.yaml.PolicyCodec().write(policy))).isEqualTo(policy);
    assertThat(readPolicy(policyWithSpec("")).spec().autoPromotion()).isEmpty();
    assertThat(formattedErrors(policyWithSpec("""
        autoPromotion:
          monitorToEnforceAfter: soon
        """))).singleElement().asString().contains("spec.autoPromotion.monitorToEnforceAfter");
  }
}
