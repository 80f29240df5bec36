package io.meshward.controlplane.learn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.meshward.controlplane.testing.ControlPlaneHarness;
import io.meshward.telemetry.TelemetryGrpc;
import io.meshward.telemetry.v1.FlowObservation;
import io.meshward.telemetry.v1.Peer;
import io.meshward.telemetry.v1.TelemetryBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningEndToEndTest {
  private static final String FRONTEND = "spiffe://cluster.local/ns/shop/sa/frontend";

  @TempDir
  Path dataDir;

  private static FlowObservation flow(String principal, String method, String path) {
    return FlowObservation.newBuilder()
        .setSource(Peer.newBuilder().setPrincipal(principal).setAddress("10.0.0.7"))
        .setDestinationWorkload("shop/orders").setPort(8080).setProtocol("HTTP/1.1")
        .setMethod(method).setPath(path).build();
  }

  private static void report(int port, List<FlowObservation> flows) throws InterruptedException {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      TelemetryGrpc.report(channel, TelemetryBatch.newBuilder().setReporter("waf-filter-test")
          .addAllFlowObservations(flows).build(), 5_000);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static List<String> edges(ControlPlaneHarness harness) {
    JsonNode reply = harness.admin().get("/api/v1/learned/shop/orders").json();
    List<String> edges = new ArrayList<>();
    for (JsonNode edge : reply.get("edges")) {
      edges.add(edge.get("source").asText() + " " + edge.get("method").asText() + " " + edge.get("path").asText()
          + " x" + edge.get("count").asLong());
    }
    return edges;
  }

  @Test
  void reportedFlowsBecomeLearnedEdgesThatSurviveARestart() throws Exception {
    try (ControlPlaneHarness harness = new ControlPlaneHarness(dataDir).start()) {
      report(harness.xdsPort(), List.of(flow(FRONTEND, "GET", "/orders/17"), flow(FRONTEND, "GET", "/orders/18"),
          flow(FRONTEND, "POST", "/orders"), flow("", "GET", "/healthz")));

      assertThat(edges(harness)).containsExactly(
          "10.0.0.7 GET /healthz x1",
          FRONTEND + " GET /orders/{id} x2",
          FRONTEND + " POST /orders x1");
      assertThat(harness.admin().get("/api/v1/learned").json().get(0).get("edges").asInt()).isEqualTo(3);

      harness.stop();
      harness.start();

      assertThat(edges(harness)).as("after a restart").containsExactly(
          "10.0.0.7 GET /healthz x1",
          FRONTEND + " GET /orders/{id} x2",
          FRONTEND + " POST /orders x1");
      report(harness.xdsPort(), List.of(flow(FRONTEND, "GET", "/orders/19")));
      assertThat(edges(harness)).contains(FRONTEND + " GET /orders/{id} x3");
    }
  }
}
