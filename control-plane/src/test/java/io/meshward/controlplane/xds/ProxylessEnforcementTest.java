package io.meshward.controlplane.xds;

import static io.meshward.controlplane.testing.Policies.allowFromCidr;
import static io.meshward.controlplane.testing.Policies.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.meshward.controlplane.mesh.MeshState;
import io.meshward.controlplane.testing.ProxylessPeer;
import io.meshward.controlplane.translate.Translator;
import io.meshward.controlplane.translate.TranslatorSettings;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Mode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A grpc-java xDS server enforces, live, the RBAC our xDS server translates from policies and modes. */
class ProxylessEnforcementTest {
  private static final Duration PEER_START = Duration.ofSeconds(20);
  private static final String ALLOWED = "127.0.0.2";
  private static final String OTHER = "127.0.0.3";

  private XdsControlPlane xds;

  @BeforeEach
  void startControlPlane() {
    xds = new XdsControlPlane(new InetSocketAddress("127.0.0.1", 0),
        new Translator(new TranslatorSettings("127.0.0.1:18000")), MeshState.empty(),
        new XdsMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), List.of()).start();
  }

  @AfterEach
  void stopControlPlane() {
    xds.close();
  }

  private static MeshState stateWithMode(Mode mode) {
    return new MeshState(1, MeshConfig.defaults(),
        List.of(policy("shop", "payments-api", "payments", mode, allowFromCidr("from-checkout", ALLOWED, 32))),
        Map.of());
  }

  @Test
  void enforceDeniesCallersOutsideTheAllowlistAndLearnLetsEveryoneThrough() throws Exception {
    xds.update(stateWithMode(Mode.ENFORCE));
    try (ProxylessPeer payments = ProxylessPeer.start(xds.port(), "payments-1", "shop", "payments", PEER_START)) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(payments.callFrom(ALLOWED)).isEqualTo(Status.Code.OK);
        assertThat(payments.callFrom(OTHER)).isEqualTo(Status.Code.PERMISSION_DENIED);
      });

      xds.update(stateWithMode(Mode.LEARN));
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(payments.callFrom(ALLOWED)).isEqualTo(Status.Code.OK);
        assertThat(payments.callFrom(OTHER)).isEqualTo(Status.Code.OK);
      });
    }
  }
}
