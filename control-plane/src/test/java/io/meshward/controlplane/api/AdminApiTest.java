package io.meshward.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.meshward.controlplane.testing.AdminClient;
import io.meshward.controlplane.testing.AdminClient.Reply;
import io.meshward.controlplane.testing.ControlPlaneHarness;
import io.meshward.controlplane.testing.SimulatedSidecar;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API as an operator's tools see it: what it accepts, what it refuses and how it says so. */
class AdminApiTest {
  private static final String POLICY = """
      apiVersion: meshward.io/v1alpha1
      kind: WorkloadPolicy
      metadata:
        name: payments-api
        namespace: shop
      spec:
        selector:
          workload: payments
        ingress:
          - name: from-checkout
            from:
              - serviceAccount: shop/checkout
            ports: [8080]
      """;

  @TempDir
  Path dataDir;
  private ControlPlaneHarness harness;
  private AdminClient admin;

  @BeforeEach
  void start() {
    harness = new ControlPlaneHarness(dataDir).start();
    admin = harness.admin();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private String policies() {
    return admin.get("/api/v1/policies").body();
  }

  @Nested
  class Policies {
    @Test
    void anAppliedPolicyIsListedExportedAndReadBack() {
      Reply applied = admin.applyPolicy("payments.yaml", POLICY);

      assertThat(applied.status()).isEqualTo(200);
      assertThat(applied.json().path("applied").get(0).path("action").asText()).isEqualTo("CREATED");
      assertThat(applied.json().path("warnings").get(0).asText())
          .contains("matches no workload connected so far");
      assertThat(admin.get("/api/v1/policies").json().get(0).path("name").asText()).isEqualTo("payments-api");
      String exported = admin.get("/api/v1/policies/export").body();
      assertThat(admin.get("/api/v1/policies/WorkloadPolicy/shop/payments-api").body()).isEqualTo(exported);

      Reply again = admin.applyPolicy("export.yaml", exported);
      assertThat(again.json().path("applied").get(0).path("action").asText()).isEqualTo("UNCHANGED");
    }

    @Test
    void anInvalidFileIsRefusedWithEveryProblemLocatedAndNothingIsApplied() {
      String bad = POLICY + """
          ---
          apiVersion: meshward.io/v1alpha1
          kind: WorkloadPolicy
          metadata:
            name: cart-api
            namespace: shop
          spec:
            selector:
              workload: cart
            mode: sometimes
            ingress:
              - name: from-web
                from:
                  - cidr: 10.0.0.0/33
                prots: [80]
          """;

      Reply reply = admin.applyPolicy("policies.yaml", bad);

      assertThat(reply.status()).isEqualTo(400);
      JsonNode body = reply.json();
      assertThat(body.path("error").asText()).contains("nothing was applied");
      assertThat(body.path("details")).hasSize(3);
      assertThat(body.path("details").findValuesAsText("source")).containsOnly("policies.yaml");
      assertThat(body.path("details").findValuesAsText("path"))
          .contains("spec.mode", "spec.ingress[0].from[0].cidr", "spec.ingress[0].prots");
      assertThat(body.path("details").findValues("document")).allMatch(d -> d.asInt() == 2);
      assertThat(body.path("details").findValues("line")).allMatch(l -> l.asInt() > 15);
      assertThat(policies()).isEqualTo("[]");
    }

    @Test
    void malformedYamlUnknownKindsAndConflictsAreRefused() {
      assertThat(admin.applyPolicy("a.yaml", "kind: [unclosed").status()).isEqualTo(400);
      assertThat(admin.applyPolicy("a.yaml", POLICY.replace("WorkloadPolicy", "WorkloadPolcy")).json()
          .path("details").get(0).path("message").asText()).contains("WorkloadPolicy");

      assertThat(admin.applyPolicy("a.yaml", POLICY).status()).isEqualTo(200);
      Reply conflict = admin.applyPolicy("b.yaml", POLICY.replace("name: payments-api", "name: payments-two"));
      assertThat(conflict.status()).isEqualTo(400);
      assertThat(conflict.body()).contains("WorkloadPolicy shop/payments-api");
      assertThat(admin.get("/api/v1/policies").json()).hasSize(1);
    }

    @Test
    void severalFilesAreAppliedInOneTransactionOrNotAtAll() {
      String cart = POLICY.replace("payments", "cart");
      String conflicting = POLICY.replace("name: payments-api", "name: payments-two");
      Reply refused = admin.applyPolicies(java.util.List.of(
          java.util.Map.of("source", "cart.yaml", "yaml", cart),
          java.util.Map.of("source", "payments.yaml", "yaml", POLICY),
          java.util.Map.of("source", "payments-two.yaml", "yaml", conflicting)));

      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.json().path("details").get(0).path("source").asText()).isEqualTo("payments-two.yaml");
      assertThat(refused.json().path("details").get(0).path("message").asText())
          .contains("WorkloadPolicy shop/payments-api (document 1 of payments.yaml)");
      assertThat(policies()).isEqualTo("[]");

      Reply applied = admin.applyPolicies(java.util.List.of(
          java.util.Map.of("source", "cart.yaml", "yaml", cart),
          java.util.Map.of("source", "payments.yaml", "yaml", POLICY)));
      assertThat(applied.status()).isEqualTo(200);
      assertThat(applied.json().path("applied")).hasSize(2);
      assertThat(admin.get("/api/v1/policies").json()).hasSize(2);
    }

    @Test
    void aDryRunValidatesWithoutApplying() {
      Reply good = admin.applyPolicy("x.yaml", POLICY, true);
      assertThat(good.status()).isEqualTo(200);
      assertThat(good.json().path("dryRun").asBoolean()).isTrue();
      assertThat(good.json().path("documents").get(0).path("name").asText()).isEqualTo("payments-api");
      assertThat(admin.applyPolicy("x.yaml", POLICY.replace("8080", "0"), true).status()).isEqualTo(400);
      assertThat(policies()).isEqualTo("[]");
    }

    @Test
    void deletingAPolicyIsAuditedAndAnUnknownOneIs404() {
      admin.applyPolicy("a.yaml", POLICY);
      assertThat(admin.delete("/api/v1/policies/WorkloadPolicy/shop/payments-api").status()).isEqualTo(200);
      Reply missing = admin.delete("/api/v1/policies/WorkloadPolicy/shop/payments-api");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.json().path("error").asText()).contains("no WorkloadPolicy shop/payments-api");
      assertThat(admin.get("/api/v1/policies/Gadget/shop/x").status()).isEqualTo(400);

      JsonNode audit = admin.get("/api/v1/audit").json();
      assertThat(audit.findValuesAsText("action")).containsExactly("policy.created", "policy.delete");
    }

    @Test
    void theEffectiveMeshConfigIsTheDefaultsUntilOneIsApplied() {
      assertThat(admin.get("/api/v1/meshconfig").body()).contains("defaultMode: LEARN");
      Reply applied = admin.applyPolicy("mesh.yaml", """
          apiVersion: meshward.io/v1alpha1
          kind: MeshConfig
          metadata:
            name: default
          spec:
            defaultMode: MONITOR
          """);
      assertThat(applied.status()).as(applied.body()).isEqualTo(200);
      assertThat(admin.get("/api/v1/meshconfig").body()).contains("defaultMode: MONITOR");
    }
  }

  @Nested
  class Modes {
    @Test
    void aModeIsSetReadAndCleared() {
      Reply set = admin.setMode("shop/payments", "Enforce");
      assertThat(set.status()).isEqualTo(200);
      assertThat(set.json().path("mode").asText()).isEqualTo("ENFORCE");
      assertThat(admin.get("/api/v1/modes").json().get(0).path("target").asText()).isEqualTo("shop/payments");
      assertThat(admin.get("/api/v1/modes/shop/payments").json().path("override").asText()).isEqualTo("ENFORCE");

      Reply cleared = admin.delete("/api/v1/modes/shop/payments");
      assertThat(cleared.json().path("previous").asText()).isEqualTo("ENFORCE");
      assertThat(admin.get("/api/v1/modes").json()).isEmpty();
    }

    @Test
    void anUnknownModeOrTargetIsRefusedAndNothingChanges() {
      Reply unknown = admin.setMode("shop", "paranoid");
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.json().path("error").asText()).contains("unknown mode 'paranoid'");
      assertThat(admin.setMode("Shop", "learn").status()).isEqualTo(400);
      assertThat(admin.get("/api/v1/modes").json()).isEmpty();
    }
  }

  @Nested
  class Operations {
    @Test
    void healthReadinessAndMetricsAreServed() {
      assertThat(admin.get("/healthz").status()).isEqualTo(200);
      assertThat(admin.get("/readyz").json().path("status").asText()).isEqualTo("ready");
      String metrics = admin.get("/metrics").body();
      assertThat(metrics).contains("meshward_xds_streams", "jvm_memory_used_bytes");
      assertThat(admin.get("/no/such/thing").status()).isEqualTo(404);
    }

    @Test
    void aNodeWithoutMetadataIsServedLearnWithAWarningAndItsConfigCanBeDumped() {
      try (ManagedChannelCloser closer = new ManagedChannelCloser(harness.xdsPort())) {
        closer.subscribe(Node.newBuilder().setId("mystery-1").setUserAgentName("envoy").build());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          JsonNode node = admin.workload("mystery-1");
          assertThat(node.path("mode").asText()).isEqualTo("LEARN");
          assertThat(node.path("modeSource").asText()).isEqualTo("UNIDENTIFIED_NODE");
          assertThat(node.path("warnings").toString()).contains("no 'meshward' struct");
        });
        String dump = admin.get("/api/v1/xds/mystery-1").body();
        assertThat(dump).contains("meshward-inbound", "shadow_rules");
        assertThat(admin.get("/api/v1/xds/mystery-1?format=bootstrap").body()).contains("static_resources");
        assertThat(admin.get("/api/v1/xds/nobody").status()).isEqualTo(404);
      }
    }

    @Test
    void connectedWorkloadsAreListedWithModeVersionAndAcks() {
      admin.applyPolicy("a.yaml", POLICY);
      try (SimulatedSidecar sidecar = new SimulatedSidecar(harness.xdsPort(), "payments-1", "shop", "payments")) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          JsonNode node = admin.get("/api/v1/workloads?namespace=shop").json().get(0);
          assertThat(node.path("identity").path("nodeId").asText()).isEqualTo("payments-1");
          assertThat(node.path("connected").asBoolean()).isTrue();
          assertThat(node.path("policy").asText()).isEqualTo("shop/payments-api");
          assertThat(node.path("configVersion").asText()).isNotEmpty();
          for (String type : new String[] {"LDS", "RDS", "CDS"}) {
            assertThat(node.path("types").path(type).path("acked").asText())
                .isEqualTo(node.path("types").path(type).path("served").asText());
          }
        });
        assertThat(admin.get("/api/v1/workloads?namespace=other").json()).isEmpty();
      }
    }
  }

  /** A bare ADS stream, for nodes that say nothing about themselves. */
  private static final class ManagedChannelCloser implements AutoCloseable {
    private final ManagedChannel channel;

    ManagedChannelCloser(int port) {
      channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    void subscribe(Node node) {
      StreamObserver<DiscoveryRequest> requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
          .streamAggregatedResources(new StreamObserver<DiscoveryResponse>() {
            @Override
            public void onNext(DiscoveryResponse value) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          });
      requests.onNext(DiscoveryRequest.newBuilder().setNode(node)
          .setTypeUrl("type.googleapis.com/envoy.config.listener.v3.Listener").build());
    }

    @Override
    public void close() {
      channel.shutdownNow();
    }
  }
}
