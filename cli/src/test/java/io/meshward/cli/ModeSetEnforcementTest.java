package io.meshward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.meshward.cli.MeshwardCli.Result;
import io.meshward.controlplane.testing.ProxylessPeer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's toggle, end to end: `meshward mode set` changes what a real grpc-java xDS server enforces, live,
 * with nothing restarted.
 */
@DisplayName("meshward mode set on a live workload")
class ModeSetEnforcementTest {
  private static final String CHECKOUT = "127.0.0.2";
  private static final String STRANGER = "127.0.0.3";

  @TempDir
  Path dataDir;

  @Test
  void flipsEnforcementOfARunningServerBothWays() throws Exception {
    try (RunningControlPlane controlPlane = RunningControlPlane.start(dataDir)) {
      MeshwardCli meshward = controlPlane.cli();
      Path policy = dataDir.resolve("payments.yaml");
      java.nio.file.Files.writeString(policy, """
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
          """);
      Result applied = meshward.run("policy", "apply", "-f", policy.toString());
      assertThat(applied.exitCode()).as(applied.toString()).isZero();

      try (ProxylessPeer payments = ProxylessPeer.start(controlPlane.xdsPort(), "payments-1", "shop", "payments",
          Duration.ofSeconds(30))) {
        awaitCalls(payments, Status.Code.OK, Status.Code.OK);

        assertThat(meshward.run("mode", "set", "shop/payments", "enforce").exitCode()).isZero();
        awaitCalls(payments, Status.Code.OK, Status.Code.PERMISSION_DENIED);
        assertThat(meshward.run("workloads").out()).contains("ENFORCE (override)");

        assertThat(meshward.run("mode", "set", "shop/payments", "learn").exitCode()).isZero();
        awaitCalls(payments, Status.Code.OK, Status.Code.OK);
      }
    }
  }

  private static void awaitCalls(ProxylessPeer peer, Status.Code fromCheckout, Status.Code fromStranger) {
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      assertThat(peer.callFrom(CHECKOUT)).isEqualTo(fromCheckout);
      assertThat(peer.callFrom(STRANGER)).isEqualTo(fromStranger);
    });
  }
}
