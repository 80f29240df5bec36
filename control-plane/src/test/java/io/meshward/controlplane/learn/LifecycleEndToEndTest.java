package io.meshward.controlplane.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.RequestMethod;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.data.accesslog.v3.AccessLogCommon;
import io.envoyproxy.envoy.data.accesslog.v3.HTTPAccessLogEntry;
import io.envoyproxy.envoy.data.accesslog.v3.HTTPRequestProperties;
import io.envoyproxy.envoy.service.accesslog.v3.AccessLogServiceGrpc;
import io.envoyproxy.envoy.service.accesslog.v3.StreamAccessLogsMessage;
import io.envoyproxy.envoy.service.accesslog.v3.StreamAccessLogsResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.meshward.controlplane.testing.AdminClient;
import io.meshward.controlplane.testing.ControlPlaneHarness;
import io.meshward.controlplane.testing.ProxylessPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning lifecycle with a real grpc-java xDS server: calls logged the way Envoy logs them teach the control
 * plane in LEARN; the learned allowlist survives a restart; in ENFORCE the learned caller passes and an unlearned one
 * is denied, its call becomes a proposal and a violation, and accepting it lets it through; then the learned caller
 * attacks and is quarantined within a second, and a release lets it through again.
 */
class LifecycleEndToEndTest {
  private static final String LEARNED = "127.0.0.2";
  private static final String STRANGER = "127.0.0.3";
  private static final String NODE = "payments-7d9f-1";
  private static final String HEALTH_CHECK = "/grpc.health.v1.Health/Check";

  @TempDir
  Path dataDir;

  private static void logCall(int xdsPort, String from, int serverPort) throws InterruptedException {
    Node node = Node.newBuilder().setId("payments-sidecar")
        .setMetadata(Struct.newBuilder().putFields("meshward", Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("kind", Value.newBuilder().setStringValue("sidecar").build())
            .putFields("namespace", Value.newBuilder().setStringValue("shop").build())
            .putFields("workload", Value.newBuilder().setStringValue("payments").build())).build()))
        .build();
    HTTPAccessLogEntry entry = HTTPAccessLogEntry.newBuilder()
        .setCommonProperties(AccessLogCommon.newBuilder()
            .setDownstreamRemoteAddress(Address.newBuilder().setSocketAddress(
                SocketAddress.newBuilder().setAddress(from).setPortValue(40000)))
            .setDownstreamLocalAddress(Address.newBuilder().setSocketAddress(
                SocketAddress.newBuilder().setAddress("127.0.0.1").setPortValue(serverPort))))
        .setRequest(HTTPRequestProperties.newBuilder().setRequestMethod(RequestMethod.POST).setPath(HEALTH_CHECK))
        .build();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", xdsPort).usePlaintext().build();
    try {
      CountDownLatch done = new CountDownLatch(1);
      StreamObserver<StreamAccessLogsMessage> stream = AccessLogServiceGrpc.newStub(channel).streamAccessLogs(
          new StreamObserver<StreamAccessLogsResponse>() {
            @Override
            public void onNext(StreamAccessLogsResponse value) {}

            @Override
            public void onError(Throwable t) {
              done.countDown();
            }

            @Override
            public void onCompleted() {
              done.countDown();
            }
          });
      stream.onNext(StreamAccessLogsMessage.newBuilder()
          .setIdentifier(StreamAccessLogsMessage.Identifier.newBuilder().setNode(node).setLogName("meshward"))
          .setHttpLogs(StreamAccessLogsMessage.HTTPAccessLogEntries.newBuilder().addLogEntry(entry)).build());
      stream.onCompleted();
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static void reportAttack(int xdsPort, String eventId) throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", xdsPort).usePlaintext().build();
    try {
      io.meshward.telemetry.TelemetryGrpc.report(channel, io.meshward.telemetry.v1.TelemetryBatch.newBuilder()
          .addSecurityEvents(io.meshward.telemetry.v1.SecurityEvent.newBuilder().setEventId(eventId)
              .setWorkload("shop/payments").setSeverity(io.meshward.telemetry.v1.Severity.CRITICAL)
              .setSource(io.meshward.telemetry.v1.Peer.newBuilder().setAddress(LEARNED)))
          .build(), 5_000);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static void awaitCalls(ProxylessPeer peer, Status.Code learned, Status.Code stranger) {
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      assertThat(peer.callFrom(LEARNED)).as("call from the learned caller").isEqualTo(learned);
      assertThat(peer.callFrom(STRANGER)).as("call from a stranger").isEqualTo(stranger);
    });
  }

  private static JsonNode edges(AdminClient admin) {
    return admin.get("/api/v1/learned/shop/payments").json().get("edges");
  }

  @Test
  void learnEnforceAcceptAProposalThenQuarantineTheLearnedCallerAndReleaseIt() throws Exception {
    try (ControlPlaneHarness harness = new ControlPlaneHarness(dataDir).start();
         ProxylessPeer payments = ProxylessPeer.start(harness.xdsPort(), NODE, "shop", "payments",
             Duration.ofSeconds(30))) {
      AdminClient admin = harness.admin();
      awaitCalls(payments, Status.Code.OK, Status.Code.OK);

      logCall(harness.xdsPort(), LEARNED, payments.port());
      await().atMost(Duration.ofSeconds(5)).until(() -> edges(admin).size() == 1);
      assertThat(edges(admin).get(0).path("state").asText()).isEqualTo("ALLOWED");
      assertThat(edges(admin).get(0).path("path").asText()).isEqualTo(HEALTH_CHECK);

      // A restart in the middle loses nothing.
      harness.stop();
      harness.start();
      AdminClient restarted = harness.admin();
      assertThat(edges(restarted)).hasSize(1);

      assertThat(restarted.setMode("shop/payments", "enforce").status()).isEqualTo(200);
      awaitCalls(payments, Status.Code.OK, Status.Code.PERMISSION_DENIED);

      logCall(harness.xdsPort(), STRANGER, payments.port());
      JsonNode violations = await().atMost(Duration.ofSeconds(5))
          .until(() -> restarted.get("/api/v1/violations").json(), list -> list.size() == 1);
      assertThat(violations.get(0).path("source").asText()).isEqualTo(STRANGER);
      assertThat(violations.get(0).path("state").asText()).isEqualTo("PROPOSED");
      String proposal = violations.get(0).path("id").asText();
      assertThat(payments.callFrom(STRANGER)).as("a proposal is not in the allowlist")
          .isEqualTo(Status.Code.PERMISSION_DENIED);

      AdminClient.Reply accepted = restarted.post("/api/v1/learned/shop/payments/accept",
          "{\"edges\": [\"" + proposal + "\"]}");
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
      awaitCalls(payments, Status.Code.OK, Status.Code.OK);
      assertThat(restarted.get("/api/v1/audit").body()).contains("learned.accepted", proposal);
      assertThat(restarted.post("/api/v1/learned/shop/payments/reject", "{\"edges\": [\"nope\"]}").status())
          .isEqualTo(404);

      // Then the learned caller attacks: five CRITICAL events quarantine it, within a second of the fifth.
      for (int i = 1; i <= 4; i++) {
        reportAttack(harness.xdsPort(), "attack-" + i);
      }
      long threshold = System.nanoTime();
      reportAttack(harness.xdsPort(), "attack-5");
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
          .until(() -> payments.callFrom(LEARNED) == Status.Code.PERMISSION_DENIED);
      assertThat((System.nanoTime() - threshold) / 1_000_000).as("ms to denial").isLessThan(1_000);
      assertThat(payments.callFrom(STRANGER)).isEqualTo(Status.Code.OK);

      String quarantine = restarted.get("/api/v1/quarantines").json().get(0).path("id").asText();
      assertThat(restarted.post("/api/v1/quarantines/" + quarantine + "/release", "").status()).isEqualTo(200);
      awaitCalls(payments, Status.Code.OK, Status.Code.OK);
    }
  }
}
