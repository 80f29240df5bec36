package io.meshward.controlplane.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.WorkloadPolicy;
import io.meshward.policy.yaml.PolicyCodec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnedPolicyTest {
  private static final String FRONTEND = "spiffe://cluster.local/ns/shop/sa/frontend";
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private static List<EdgeHistory> learned(Observation... observations) {
    LearnedGraph graph = new LearnedGraph(LearningLimits.defaults());
    for (Observation o : observations) {
      graph.observe(o);
    }
    return graph.edges("shop/orders");
  }

  private static Observation http(String principal, String method, String path) {
    return new Observation(T0, principal, "10.1.2.3", "shop/orders", 8080, "http", method, path);
  }

  @Test
  void oneAllowRulePerSourcePortAndMethodWithThatMethodsPaths() throws Exception {
    List<EdgeHistory> edges = learned(http(FRONTEND, "GET", "/orders/1"), http(FRONTEND, "GET", "/orders"),
        http(FRONTEND, "POST", "/orders"), http(null, "GET", "/healthz"),
        new Observation(T0, FRONTEND, null, "shop/orders", 9090, "tcp", null, null));

    WorkloadPolicy policy = LearnedPolicy.export("shop/orders", edges);
    String yaml = new PolicyCodec().write(policy);

    assertThat(yaml).isEqualTo("""
        apiVersion: meshward.io/v1alpha1
        kind: WorkloadPolicy
        metadata:
          name: orders-learned
          namespace: shop
        spec:
          selector:
            workload: orders
          ingress:
            - name: learned-1
              action: ALLOW
              from:
                - cidr: 10.1.2.3/32
              ports:
                - 8080
              http:
                methods:
                  - GET
                paths:
                  - /healthz
            - name: learned-2
              action: ALLOW
              from:
                - principal: spiffe://cluster.local/ns/shop/sa/frontend
              ports:
                - 8080
              http:
                methods:
                  - GET
                paths:
                  - /orders
                  - /orders/{id}
            - name: learned-3
              action: ALLOW
              from:
                - principal: spiffe://cluster.local/ns/shop/sa/frontend
              ports:
                - 8080
              http:
                methods:
                  - POST
                paths:
                  - /orders
            - name: learned-4
              action: ALLOW
              from:
                - principal: spiffe://cluster.local/ns/shop/sa/frontend
              ports:
                - 9090
        """);
    List<PolicyDocument> readBack = new PolicyCodec().read("export.yaml", yaml);
    assertThat(readBack).containsExactly(policy);
  }

  @Test
  void aTemplateThatIsNoValidPatternBecomesABroaderPrefix() {
    assertThat(LearnedPolicy.pattern("/users/{id}/orders")).isEqualTo("/users/{id}/orders");
    assertThat(LearnedPolicy.pattern("/files/{id}/**")).isEqualTo("/files/**");
    assertThat(LearnedPolicy.pattern("/**")).isEqualTo("/**");
  }
}
