package io.meshward.controlplane.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.meshward.controlplane.testing.AdminClient;
import io.meshward.controlplane.testing.ControlPlaneHarness;
import io.meshward.controlplane.testing.ProxylessPeer;
import io.meshward.telemetry.TelemetryGrpc;
import io.meshward.telemetry.v1.Peer;
import io.meshward.telemetry.v1.RuleHit;
import io.meshward.telemetry.v1.SecurityEvent;
import io.meshward.telemetry.v1.Severity;
import io.meshward.telemetry.v1.TelemetryBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security events quarantine their source on a real grpc-java xDS server, in LEARN, within a second of the event
 * that crosses the threshold (the default rule: 5 CRITICAL events within 60 s); a release lets it through again;
 * the quarantine and its release are in the audit trail with the events behind them; a restart keeps it.
 */
class QuarantineEndToEndTest {
  private static final String ATTACKER = "127.0.0.2";
  private static final String BYSTANDER = "127.0.0.3";
  private static final String NODE = "payments-7d9f-1";

  @TempDir
  Path dataDir;

  private static SecurityEvent event(String id, String address, Severity severity) {
    return SecurityEvent.newBuilder().setEventId(id).setWorkload("shop/payments")
        .setSource(Peer.newBuilder().setAddress(address)).setSeverity(severity)
        .addRules(RuleHit.newBuilder().setRuleId(942100).setSeverity(Severity.CRITICAL)).build();
  }

  private static void report(int port, SecurityEvent... events) throws InterruptedException {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      TelemetryBatch.Builder batch = TelemetryBatch.newBuilder().setReporter("waf-filter-test");
      for (SecurityEvent event : events) {
        batch.addSecurityEvents(event);
      }
      TelemetryGrpc.report(channel, batch.build(), 5_000);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static void awaitCalls(ProxylessPeer peer, Duration within, Status.Code attacker, Status.Code bystander) {
    await().atMost(within).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
      assertThat(peer.callFrom(ATTACKER)).as("call from the attacker").isEqualTo(attacker);
      assertThat(peer.callFrom(BYSTANDER)).as("call from a bystander").isEqualTo(bystander);
    });
  }

  @Test
  void attackEventsQuarantineTheirSourceWithinASecondAndAReleaseLetsItThrough() throws Exception {
    try (ControlPlaneHarness harness = new ControlPlaneHarness(dataDir).start();
         ProxylessPeer payments = ProxylessPeer.start(harness.xdsPort(), NODE, "shop", "payments",
             Duration.ofSeconds(30))) {
      AdminClient admin = harness.admin();
      awaitCalls(payments, Duration.ofSeconds(10), Status.Code.OK, Status.Code.OK);

      // Below the threshold: four CRITICAL events, one sent twice, and WARNING events that do not count.
      report(harness.xdsPort(), event("e1", ATTACKER, Severity.CRITICAL), event("e2", ATTACKER, Severity.CRITICAL),
          event("e3", ATTACKER, Severity.CRITICAL), event("w1", ATTACKER, Severity.WARNING));
      report(harness.xdsPort(), event("e3", ATTACKER, Severity.CRITICAL), event("e4", ATTACKER, Severity.CRITICAL),
          event("b1", BYSTANDER, Severity.CRITICAL));
      assertThat(admin.get("/api/v1/quarantines").json()).isEmpty();
      assertThat(payments.callFrom(ATTACKER)).isEqualTo(Status.Code.OK);

      long threshold = System.nanoTime();
      report(harness.xdsPort(), event("e5", ATTACKER, Severity.EMERGENCY));
      awaitCalls(payments, Duration.ofSeconds(1), Status.Code.PERMISSION_DENIED, Status.Code.OK);
      long deniedAfterMillis = (System.nanoTime() - threshold) / 1_000_000;
      assertThat(deniedAfterMillis).as("denied within 1 s of the threshold event").isLessThan(1_000);

      JsonNode quarantines = admin.get("/api/v1/quarantines").json();
      assertThat(quarantines).hasSize(1);
      JsonNode quarantine = quarantines.get(0);
      assertThat(quarantine.path("source").asText()).isEqualTo(ATTACKER);
      assertThat(quarantine.path("state").asText()).isEqualTo("IN_FORCE");
      assertThat(quarantine.path("events").toString()).isEqualTo("[\"e1\",\"e2\",\"e3\",\"e4\",\"e5\"]");
      String id = quarantine.path("id").asText();

      // A restart keeps the quarantine in force.
      harness.stop();
      harness.start();
      admin = harness.admin();
      assertThat(admin.get("/api/v1/quarantines").json().get(0).path("id").asText()).isEqualTo(id);
      awaitCalls(payments, Duration.ofSeconds(10), Status.Code.PERMISSION_DENIED, Status.Code.OK);

      AdminClient.Reply released = admin.post("/api/v1/quarantines/" + id + "/release",
          "{\"reason\": \"test over\"}");
      assertThat(released.status()).as(released.body()).isEqualTo(200);
      awaitCalls(payments, Duration.ofSeconds(10), Status.Code.OK, Status.Code.OK);
      assertThat(admin.get("/api/v1/quarantines").json()).isEmpty();
      assertThat(admin.post("/api/v1/quarantines/" + id + "/release", "").status()).isEqualTo(404);

      JsonNode history = admin.get("/api/v1/quarantines?all=true").json();
      assertThat(history.get(0).path("state").asText()).isEqualTo("ENDED");
      assertThat(history.get(0).path("releaseReason").asText()).isEqualTo("released by an operator: test over");
      String audit = admin.get("/api/v1/audit").body();
      assertThat(audit).contains("quarantine.created", "quarantine.released", "e1,e2,e3,e4,e5", "942100");
    }
  }
}
