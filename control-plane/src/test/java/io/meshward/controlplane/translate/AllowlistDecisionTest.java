package io.meshward.controlplane.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.HeaderMatch;
import io.meshward.policy.model.HttpMatch;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.PathPattern;
import io.meshward.policy.model.RuleAction;
import io.meshward.policy.model.Source;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllowlistDecisionTest {
  private static final String TD = "cluster.local";
  private static final String CHECKOUT = "spiffe://cluster.local/ns/shop/sa/checkout";

  private static IngressRule allow(List<Source> from, List<Integer> ports, HttpMatch http) {
    return new IngressRule("r", RuleAction.ALLOW, from, ports, Optional.ofNullable(http));
  }

  private static HttpMatch http(List<String> methods, String... paths) {
    return new HttpMatch(methods, java.util.Arrays.stream(paths).map(PathPattern::parse).toList(), List.of());
  }

  @Test
  void sourcesPortsMethodsAndPathsMustAllMatch() {
    List<IngressRule> rules = List.of(allow(List.of(new Source.ServiceAccount("shop", "checkout")), List.of(8080),
        http(List.of("GET"), "/orders/{id}", "/static/**")));

    assertThat(AllowlistDecision.allows(rules, TD, CHECKOUT, "10.0.0.1", 8080, "GET", "/orders/17")).isTrue();
    assertThat(AllowlistDecision.allows(rules, TD, CHECKOUT, "10.0.0.1", 8080, "GET", "/static/a/b.css")).isTrue();
    assertThat(AllowlistDecision.allows(rules, TD, CHECKOUT, "10.0.0.1", 8080, "POST", "/orders/17")).isFalse();
    assertThat(AllowlistDecision.allows(rules, TD, CHECKOUT, "10.0.0.1", 9090, "GET", "/orders/17")).isFalse();
    assertThat(AllowlistDecision.allows(rules, TD, CHECKOUT, "10.0.0.1", 8080, "GET", "/orders/17/x")).isFalse();
    assertThat(AllowlistDecision.allows(rules, TD, null, "10.0.0.1", 8080, "GET", "/orders/17")).isFalse();
  }

  @Test
  void cidrsNamespacesAndDenyRules() {
    List<IngressRule> rules = List.of(
        new IngressRule("no-admin", RuleAction.DENY, List.of(), List.of(), Optional.of(http(List.of(), "/admin/**"))),
        allow(List.of(new Source.Cidr("10.1.0.0", 16), new Source.Namespace("shop")), List.of(), null));

    assertThat(AllowlistDecision.allows(rules, TD, null, "10.1.200.3", 80, "GET", "/")).isTrue();
    assertThat(AllowlistDecision.allows(rules, TD, null, "10.2.0.3", 80, "GET", "/")).isFalse();
    assertThat(AllowlistDecision.allows(rules, TD, CHECKOUT, null, 80, null, null)).as("TCP from the namespace")
        .isTrue();
    assertThat(AllowlistDecision.allows(rules, TD, CHECKOUT, null, 80, "GET", "/admin/users")).isFalse();
    assertThat(AllowlistDecision.allows(rules, TD, null, "not-an-ip", 80, "GET", "/")).isFalse();
    assertThat(AllowlistDecision.inCidr("2001:db8::7", "2001:db8::", 32)).isTrue();
  }

  @Test
  void aRuleOnHeadersCannotBeDecidedFromAFlowAndAllowsNothing() {
    List<IngressRule> rules = List.of(allow(List.of(), List.of(),
        new HttpMatch(List.of(), List.of(), List.of(new HeaderMatch("x-env", HeaderMatch.Kind.EXACT, "prod")))));

    assertThat(AllowlistDecision.allows(rules, TD, CHECKOUT, null, 80, "GET", "/")).isFalse();
  }
}
