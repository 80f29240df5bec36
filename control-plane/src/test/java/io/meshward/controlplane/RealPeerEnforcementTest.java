package io.meshward.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.meshward.controlplane.testing.AdminClient;
import io.meshward.controlplane.testing.ControlPlaneHarness;
import io.meshward.controlplane.testing.ProxylessPeer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane, driven through its admin API, configures real grpc-java xDS servers over loopback, and they
 * enforce what the policies and modes say. Callers are told apart by their source address: 127.0.0.2 is on the
 * allowlist, 127.0.0.3 is not.
 */
class RealPeerEnforcementTest {
  private static final Duration PEER_START = Duration.ofSeconds(30);
  private static final Duration LIVE_CHANGE = Duration.ofSeconds(10);
  private static final String CHECKOUT = "127.0.0.2";
  private static final String STRANGER = "127.0.0.3";
  private static final String NODE = "payments-7d9f-1";

  private static final String POLICY_ALLOWING_CHECKOUT = """
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
              - cidr: 127.0.0.2/32
      """;

  /** grpc-java refuses RBAC header matchers on ":scheme" (Envoy would take this rule). */
  private static final String POLICY_REJECTED_BY_GRPC_JAVA = """
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
              - cidr: 127.0.0.3/32
            http:
              headers:
                - name: ":scheme"
                  exact: https
      """;

  @TempDir
  Path dataDir;

  private ControlPlaneHarness harness;
  private AdminClient admin;

  @BeforeEach
  void startControlPlane() {
    harness = new ControlPlaneHarness(dataDir).start();
    admin = harness.admin();
  }

  @AfterEach
  void stopControlPlane() {
    harness.close();
  }

  private ProxylessPeer paymentsServer() throws Exception {
    return ProxylessPeer.start(harness.xdsPort(), NODE, "shop", "payments", PEER_START);
  }

  private void applyOk(String yaml) {
    AdminClient.Reply reply = admin.applyPolicy("payments.yaml", yaml);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  private void setModeOk(String target, String mode) {
    AdminClient.Reply reply = admin.setMode(target, mode);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  private static void awaitCalls(ProxylessPeer peer, Status.Code fromCheckout, Status.Code fromStranger) {
    await().atMost(LIVE_CHANGE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      assertThat(peer.callFrom(CHECKOUT)).as("call from checkout").isEqualTo(fromCheckout);
      assertThat(peer.callFrom(STRANGER)).as("call from a stranger").isEqualTo(fromStranger);
    });
  }

  /** Waits until the node has ACKed every type it is served at the version in force. */
  private void awaitAcked(String mode) {
    await().atMost(LIVE_CHANGE).untilAsserted(() -> {
      JsonNode node = admin.workload(NODE);
      assertThat(node.path("mode").asText()).isEqualTo(mode);
      JsonNode lds = node.path("types").path("LDS");
      assertThat(lds.path("acked").asText()).isEqualTo(lds.path("served").asText()).isNotEmpty();
    });
  }

  @Test
  void learnAndMonitorLetEveryoneThroughWhileEnforceDeniesCallersOutsideTheAllowlist() throws Exception {
    applyOk(POLICY_ALLOWING_CHECKOUT);
    try (ProxylessPeer payments = paymentsServer()) {
      awaitAcked("LEARN");
      awaitCalls(payments, Status.Code.OK, Status.Code.OK);

      setModeOk("shop/payments", "monitor");
      awaitAcked("MONITOR");
      awaitCalls(payments, Status.Code.OK, Status.Code.OK);

      setModeOk("shop/payments", "enforce");
      awaitAcked("ENFORCE");
      awaitCalls(payments, Status.Code.OK, Status.Code.PERMISSION_DENIED);
    }
  }

  @Test
  void modeSetFlipsEnforcementLiveBothWays() throws Exception {
    applyOk(POLICY_ALLOWING_CHECKOUT);
    setModeOk("shop", "enforce");
    try (ProxylessPeer payments = paymentsServer()) {
      awaitCalls(payments, Status.Code.OK, Status.Code.PERMISSION_DENIED);

      setModeOk("shop/payments", "learn");
      awaitCalls(payments, Status.Code.OK, Status.Code.OK);
      assertThat(admin.workload(NODE).path("modeSource").asText()).isEqualTo("WORKLOAD_OVERRIDE");

      assertThat(admin.delete("/api/v1/modes/shop/payments").status()).isEqualTo(200);
      awaitCalls(payments, Status.Code.OK, Status.Code.PERMISSION_DENIED);
      assertThat(admin.workload(NODE).path("modeSource").asText()).isEqualTo("NAMESPACE_OVERRIDE");
    }
  }

  @Test
  void applyingAChangedPolicyChangesEnforcementLiveAndRevocationIsPushed() throws Exception {
    applyOk(POLICY_ALLOWING_CHECKOUT);
    setModeOk("shop/payments", "enforce");
    try (ProxylessPeer payments = paymentsServer()) {
      awaitCalls(payments, Status.Code.OK, Status.Code.PERMISSION_DENIED);

      applyOk(POLICY_ALLOWING_CHECKOUT.replace("127.0.0.2/32", "127.0.0.3/32"));
      awaitCalls(payments, Status.Code.PERMISSION_DENIED, Status.Code.OK);

      // Revoking every rule pushes an allowlist that allows nothing; the listener is never withdrawn.
      applyOk(POLICY_ALLOWING_CHECKOUT.replaceAll("(?s)  ingress:.*", "  ingress: []\n"));
      awaitCalls(payments, Status.Code.PERMISSION_DENIED, Status.Code.PERMISSION_DENIED);
    }
  }

  @Test
  void anExplicitDenyWinsOverABroaderAllow() throws Exception {
    applyOk(POLICY_ALLOWING_CHECKOUT.replace("127.0.0.2/32", "127.0.0.0/8")
        + "    - name: not-the-stranger\n"
        + "      action: DENY\n"
        + "      from:\n"
        + "        - cidr: 127.0.0.3/32\n");
    setModeOk("shop/payments", "enforce");
    try (ProxylessPeer payments = paymentsServer()) {
      awaitCalls(payments, Status.Code.OK, Status.Code.PERMISSION_DENIED);

      setModeOk("shop/payments", "monitor");
      awaitCalls(payments, Status.Code.OK, Status.Code.OK);
    }
  }

  @Test
  void aConfigurationThePeerRejectsIsRecordedAsANackAndIsNotResent() throws Exception {
    applyOk(POLICY_ALLOWING_CHECKOUT);
    setModeOk("shop/payments", "enforce");
    try (ProxylessPeer payments = paymentsServer()) {
      awaitCalls(payments, Status.Code.OK, Status.Code.PERMISSION_DENIED);
      String goodVersion = admin.workload(NODE).path("types").path("LDS").path("acked").asText();

      applyOk(POLICY_REJECTED_BY_GRPC_JAVA);
      await().atMost(LIVE_CHANGE).untilAsserted(() -> {
        JsonNode nack = admin.workload(NODE).path("lastNack");
        assertThat(nack.path("type").asText()).isEqualTo("LDS");
        assertThat(nack.path("error").asText()).isNotEmpty();
      });
      JsonNode afterNack = admin.workload(NODE);
      String rejected = afterNack.path("lastNack").path("version").asText();
      assertThat(rejected).isNotEqualTo(goodVersion);
      assertThat(afterNack.path("types").path("LDS").path("acked").asText()).isEqualTo(goodVersion);

      // Not re-sent: over the next two seconds the node gets no further LDS response and sends no further NACK.
      double responsesBefore = counter("meshward_xds_responses_total", "LDS");
      long nacksBefore = afterNack.path("types").path("LDS").path("nackCount").asLong();
      Thread.sleep(2000);
      assertThat(counter("meshward_xds_responses_total", "LDS")).isEqualTo(responsesBefore);
      assertThat(admin.workload(NODE).path("types").path("LDS").path("nackCount").asLong()).isEqualTo(nacksBefore);
      assertThat(counter("meshward_xds_nacks_total", "LDS")).isGreaterThanOrEqualTo(1.0);

      // The peer keeps its last good configuration...
      awaitCalls(payments, Status.Code.OK, Status.Code.PERMISSION_DENIED);

      // ...and takes the next good one.
      applyOk(POLICY_ALLOWING_CHECKOUT.replace("127.0.0.2/32", "127.0.0.3/32"));
      awaitCalls(payments, Status.Code.PERMISSION_DENIED, Status.Code.OK);
    }
  }

  @Test
  void afterARestartPoliciesAndModesAreIntactAndPeersAreEnforcedAsBefore() throws Exception {
    applyOk(POLICY_ALLOWING_CHECKOUT);
    setModeOk("shop/payments", "enforce");
    try (ProxylessPeer payments = paymentsServer()) {
      awaitCalls(payments, Status.Code.OK, Status.Code.PERMISSION_DENIED);
      String policiesBefore = admin.get("/api/v1/policies/export").body();
      String versionBefore = admin.workload(NODE).path("configVersion").asText();

      harness.stop();
      // While the control plane is down the peer keeps enforcing what it has.
      assertThat(payments.callFrom(STRANGER)).isEqualTo(Status.Code.PERMISSION_DENIED);
      harness.start();
      admin = harness.admin();

      assertThat(admin.get("/api/v1/policies/export").body()).isEqualTo(policiesBefore);
      assertThat(admin.get("/api/v1/modes/shop/payments").json().path("override").asText()).isEqualTo("ENFORCE");
      await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
        JsonNode node = admin.workload(NODE);
        assertThat(node.path("connected").asBoolean()).isTrue();
        assertThat(node.path("configVersion").asText()).isEqualTo(versionBefore);
      });
      awaitCalls(payments, Status.Code.OK, Status.Code.PERMISSION_DENIED);

      // The peer is live on the new instance: a change made after the restart reaches it.
      setModeOk("shop/payments", "learn");
      awaitCalls(payments, Status.Code.OK, Status.Code.OK);
    }
  }

  private double counter(String name, String type) {
    String metrics = admin.get("/metrics").body();
    return metrics.lines()
        .filter(line -> line.startsWith(name + "{") && line.contains("type=\"" + type + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
