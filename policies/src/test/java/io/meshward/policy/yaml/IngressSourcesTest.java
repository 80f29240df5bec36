package io.meshward.policy.yaml;

import static io.meshward.policy.yaml.PolicyTexts.formattedErrors;
import static io.meshward.policy.yaml.PolicyTexts.policyWithRule;
import static io.meshward.policy.yaml.PolicyTexts.readPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.RuleAction;
import io.meshward.policy.model.Source;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code from} list of an ingress rule: who may call. The first source is on line 12. */
class IngressSourcesTest {

  private static IngressRule onlyRule(String ruleLines) {
    return readPolicy(policyWithRule(ruleLines)).spec().ingress().get(0);
  }

  private static Source onlySource(String sourceLine) {
    List<Source> from = onlyRule("from:\n  - " + sourceLine + "\n").from();
    assertThat(from).hasSize(1);
    return from.get(0);
  }

  private static String onlyError(String sourceLine) {
    List<String> errors = formattedErrors(policyWithRule("from:\n  - " + sourceLine + "\n"));
    assertThat(errors).hasSize(1);
    return errors.get(0);
  }

  @Test
  void withoutFromARuleAdmitsAnySourceAndTheActionDefaultsToAllow() {
    IngressRule rule = onlyRule("ports: [8080]\n");

    assertThat(rule.from()).isEmpty();
    assertThat(rule.action()).isEqualTo(RuleAction.ALLOW);
  }

  @Test
  void aPrincipalIsASpiffeId() {
    assertThat(onlySource("principal: spiffe://cluster.local/ns/shop/sa/frontend"))
        .isEqualTo(new Source.Principal("spiffe://cluster.local/ns/shop/sa/frontend"));
    assertThat(onlyError("principal: cluster.local/ns/shop/sa/frontend")).isEqualTo(
        "test.yaml:12:22: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].from[0].principal: invalid"
            + " SPIFFE id \"cluster.local/ns/shop/sa/frontend\": must be spiffe://<trust-domain>/<path>");
    assertThat(onlyError("principal: spiffe://cluster.local")).endsWith(
        "must have a path after the trust domain, such as spiffe://cluster.local/ns/shop/sa/frontend");
    assertThat(onlyError("principal: spiffe://Cluster.local/x")).endsWith(
        "the trust domain must be lowercase letters, digits, '.', '-' and '_'");
    assertThat(onlyError("principal: spiffe://td/a//b")).endsWith(
        "path segments must not be empty, '.' or '..'");
  }

  @Test
  void aServiceAccountIsNamespaceSlashNameOrANameInThePolicysNamespace() {
    assertThat(onlySource("serviceAccount: web/frontend")).isEqualTo(new Source.ServiceAccount("web", "frontend"));
    assertThat(onlySource("serviceAccount: frontend")).isEqualTo(new Source.ServiceAccount("shop", "frontend"));
    assertThat(onlyError("serviceAccount: web/front/end")).endsWith(
        "spec.ingress[0].from[0].serviceAccount: invalid service account \"web/front/end\": expected"
            + " namespace/name or name, the namespace a DNS-1123 label and the name a DNS-1123 subdomain");
    assertThat(onlyError("serviceAccount: /frontend")).contains("invalid service account");
  }

  @Test
  void aNamespaceIsADnsLabel() {
    assertThat(onlySource("namespace: backoffice")).isEqualTo(new Source.Namespace("backoffice"));
    assertThat(onlyError("namespace: Back_Office")).contains("\"Back_Office\" is not a valid DNS-1123 label");
  }

  @Test
  void eachItemHasExactlyOneKindOfSource() {
    assertThat(formattedErrors(policyWithRule("""
        from:
          - namespace: shop
            cidr: 10.0.0.0/8
          - {}
          - principal:
          - namespaces: shop
          - cidr
        """))).containsExactly(
        "test.yaml:12:11: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].from[0]: a source has exactly"
            + " one of principal, serviceAccount, namespace, cidr, but this one has namespace and cidr: write each"
            + " as its own list item",
        "test.yaml:14:11: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].from[1]: a source needs one"
            + " of principal, serviceAccount, namespace, cidr",
        "test.yaml:15:11: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].from[2]: a source needs one"
            + " of principal, serviceAccount, namespace, cidr",
        "test.yaml:16:11: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].from[3].namespaces: unknown"
            + " field 'namespaces'; did you mean 'namespace'?",
        "test.yaml:16:11: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].from[3]: a source needs one"
            + " of principal, serviceAccount, namespace, cidr",
        "test.yaml:17:11: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].from[4]: expected a mapping,"
            + " got a string");
  }

  @Nested
  class Cidrs {
    @ParameterizedTest(name = "{0} is {1}/{2}")
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0, 8",
        "0.0.0.0/0, 0.0.0.0, 0",
        "192.168.1.7, 192.168.1.7, 32",
        "192.168.1.7/32, 192.168.1.7, 32",
        "fd00::/8, fd00::, 8",
        "2001:DB8:0:0:0:0:0:0/32, 2001:db8::, 32",
        "2001:0db8:0000:0000:0001:0000:0000:0000/80, 2001:db8:0:0:1::, 80",
        "::1, ::1, 128",
        "::/0, ::, 0",
        "::ffff:10.1.2.3, ::ffff:a01:203, 128",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3, 128",
        "1:0:0:2:0:0:3:4, 1::2:0:0:3:4, 128",
        "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0, 128",
    })
    void areReadInTheirCanonicalForm(String written, String address, int length) {
      assertThat(onlySource("cidr: \"" + written + "\"")).isEqualTo(new Source.Cidr(address, length));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/33 | prefix length must be 0-32 for IPv4",
        "fd00::/129 | prefix length must be 0-128 for IPv6",
        "10.0.0.0/ | prefix length must be 0-32 for IPv4",
        "10.0.0.0/08 | prefix length must be 0-32 for IPv4",
        "10.0.0.1/8 | host bits are set (did you mean 10.0.0.0/8?)",
        "fd00::1/64 | host bits are set (did you mean fd00::/64?)",
        "10.0.0.256/32 | \"10.0.0.256\" is not an IPv4 or IPv6 address",
        "010.0.0.1 | \"010.0.0.1\" is not an IPv4 or IPv6 address",
        "10.0.0 | \"10.0.0\" is not an IPv4 or IPv6 address",
        "fe80::1%eth0 | \"fe80::1%eth0\" is not an IPv4 or IPv6 address",
        "1::2::3 | \"1::2::3\" is not an IPv4 or IPv6 address",
        "1:2:3:4:5:6:7:8:9 | \"1:2:3:4:5:6:7:8:9\" is not an IPv4 or IPv6 address",
        "example.org/24 | \"example.org\" is not an IPv4 or IPv6 address",
    })
    void areRejectedWithTheReason(String written, String reason) {
      assertThat(onlyError("cidr: \"" + written + "\""))
          .endsWith("spec.ingress[0].from[0].cidr: invalid CIDR \"" + written + "\": " + reason);
    }

    @Test
    void nameTheLineAndColumnOfTheValue() {
      assertThat(onlyError("cidr: 10.0.0.0/33")).isEqualTo(
          "test.yaml:12:17: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].from[0].cidr: invalid CIDR"
              + " \"10.0.0.0/33\": prefix length must be 0-32 for IPv4");
    }
  }

  @Test
  void portsAreDistinctNumbers1To65535() {
    assertThat(onlyRule("ports: [443, 8080, 65535, 1]\n").ports()).containsExactly(443, 8080, 65535, 1);
    assertThat(formattedErrors(policyWithRule("ports: [0, 8080, 65536, \"9090\", 8080, 80.5]\n"))).containsExactly(
        "test.yaml:11:15: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].ports[0]: must be between 1"
            + " and 65535, got 0",
        "test.yaml:11:24: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].ports[2]: must be between 1"
            + " and 65535, got 65536",
        "test.yaml:11:31: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].ports[3]: expected an"
            + " integer, got a string: remove the quotes",
        "test.yaml:11:39: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].ports[4]: port 8080 is"
            + " listed twice",
        "test.yaml:11:45: document 1 (WorkloadPolicy shop/payments): spec.ingress[0].ports[5]: expected an"
            + " integer, got a floating-point number");
  }
}
