package io.meshward.controlplane.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.controlplane.learn.LearnedGraph.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnedGraphTest {
  private static final String FRONTEND = "spiffe://cluster.local/ns/shop/sa/frontend";
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private static Observation http(String principal, String workload, String method, String path, Instant time) {
    return new Observation(time, principal, "10.1.2.3", workload, 8080, "http", method, path);
  }

  @Test
  void repeatedCallsAreOneEdgeWithACountAndFirstAndLastSighting() {
    LearnedGraph graph = new LearnedGraph(LearningLimits.defaults());

    assertThat(graph.observe(http(FRONTEND, "shop/orders", "GET", "/orders/17", T0))).isEqualTo(Outcome.NEW_EDGE);
    assertThat(graph.observe(http(FRONTEND, "shop/orders", "get", "/orders/18?x=1", T0.plusSeconds(5))))
        .isEqualTo(Outcome.KNOWN_EDGE);
    assertThat(graph.observe(http(FRONTEND, "shop/orders", "POST", "/orders", T0.plusSeconds(9))))
        .isEqualTo(Outcome.NEW_EDGE);

    List<EdgeHistory> edges = graph.edges("shop/orders");
    assertThat(edges).extracting(h -> h.edge().method() + " " + h.edge().pathTemplate())
        .containsExactly("GET /orders/{id}", "POST /orders");
    EdgeHistory get = edges.get(0);
    assertThat(get.count()).isEqualTo(2);
    assertThat(get.firstSeen()).isEqualTo(T0);
    assertThat(get.lastSeen()).isEqualTo(T0.plusSeconds(5));
    assertThat(get.edge().source()).isEqualTo(new SourceIdentity(SourceIdentity.Kind.PRINCIPAL, FRONTEND));
  }

  @Test
  void withoutAPrincipalTheSourceIsItsAddressAndTcpHasNoPath() {
    LearnedGraph graph = new LearnedGraph(LearningLimits.defaults());

    graph.observe(new Observation(T0, null, "10.9.8.7", "db/postgres", 5432, "TCP", null, null));

    LearnedEdge edge = graph.edges("db/postgres").get(0).edge();
    assertThat(edge.source()).isEqualTo(new SourceIdentity(SourceIdentity.Kind.ADDRESS, "10.9.8.7"));
    assertThat(edge.protocol()).isEqualTo("tcp");
    assertThat(edge.method()).isNull();
    assertThat(edge.pathTemplate()).isNull();
  }

  @Test
  void incompleteObservationsAreDroppedAndCounted() {
    LearnedGraph graph = new LearnedGraph(LearningLimits.defaults());

    assertThat(graph.observe(new Observation(T0, null, null, "shop/orders", 80, "http", "GET", "/")))
        .isEqualTo(Outcome.DROPPED_INCOMPLETE);
    assertThat(graph.observe(http(FRONTEND, " ", "GET", "/", T0))).isEqualTo(Outcome.DROPPED_INCOMPLETE);
    assertThat(graph.count(Outcome.DROPPED_INCOMPLETE)).isEqualTo(2);
    assertThat(graph.workloads()).isEmpty();
  }

  @Test
  void workloadAndEdgeLimitsDropAndCountInsteadOfGrowing() {
    LearnedGraph graph = new LearnedGraph(new LearningLimits(2, 3, 50, 1_000));

    graph.observe(http(FRONTEND, "a", "GET", "/", T0));
    graph.observe(http(FRONTEND, "b", "GET", "/", T0));
    assertThat(graph.observe(http(FRONTEND, "c", "GET", "/", T0))).isEqualTo(Outcome.DROPPED_WORKLOAD_LIMIT);
    for (String method : List.of("POST", "PUT", "DELETE")) {
      graph.observe(http(FRONTEND, "a", method, "/", T0));
    }

    assertThat(graph.workloads()).containsExactly("a", "b");
    assertThat(graph.edges("a")).hasSize(3);
    assertThat(graph.count(Outcome.DROPPED_EDGE_LIMIT)).isEqualTo(1);
    assertThat(graph.count(Outcome.DROPPED_WORKLOAD_LIMIT)).isEqualTo(1);
  }

  @Test
  void aFloodOfDistinctIdsFromOneSourceIsOneEdge() {
    LearnedGraph graph = new LearnedGraph(LearningLimits.defaults());

    for (int i = 0; i < 100_000; i++) {
      graph.observe(http(FRONTEND, "shop/orders", "GET", "/orders/" + i + "/items/" + (i * 7919L), T0));
    }

    assertThat(graph.edges("shop/orders")).singleElement()
        .satisfies(h -> assertThat(h.count()).isEqualTo(100_000))
        .satisfies(h -> assertThat(h.edge().pathTemplate()).isEqualTo("/orders/{id}/items/{id}"));
  }

  @Test
  void inMonitorAFlowTheWrittenPolicyAllowsIsInTheAllowlistAndNoViolation() {
    LearnedGraph graph = new LearnedGraph(LearningLimits.defaults(), w -> io.meshward.policy.model.Mode.MONITOR,
        (workload, o) -> "/healthz".equals(o.path()));

    graph.observe(http(FRONTEND, "shop/orders", "GET", "/healthz", T0));
    graph.observe(http(FRONTEND, "shop/orders", "GET", "/admin", T0));

    assertThat(graph.edges("shop/orders")).extracting(h -> h.edge().pathTemplate() + " " + h.state() + " "
        + h.violations()).containsExactly("/admin PROPOSED 1", "/healthz ALLOWED 0");
  }

  @Test
  void aShadowRbacDecisionFromTheAccessLogDecidesWhetherAFlowIsAViolation() {
    LearnedGraph graph = new LearnedGraph(LearningLimits.defaults(), w -> io.meshward.policy.model.Mode.MONITOR,
        LearnedGraph.WrittenAllowlist.NONE);

    graph.observe(new Observation(T0, FRONTEND, null, "shop/orders", 8080, "http", "GET", "/a", true));
    graph.observe(new Observation(T0, FRONTEND, null, "shop/orders", 8080, "http", "GET", "/b", false));

    assertThat(graph.edges("shop/orders")).extracting(h -> h.edge().pathTemplate() + " " + h.state() + " "
        + h.violations()).containsExactly("/a ALLOWED 0", "/b PROPOSED 1");
  }
}
