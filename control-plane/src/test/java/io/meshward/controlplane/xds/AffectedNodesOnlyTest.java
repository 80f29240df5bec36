package io.meshward.controlplane.xds;

import static io.meshward.controlplane.testing.Policies.allowFromCidr;
import static io.meshward.controlplane.testing.Policies.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshward.controlplane.mesh.MeshState;
import io.meshward.controlplane.mesh.ModeTarget;
import io.meshward.controlplane.testing.SimulatedSidecar;
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

/** A change reaches the nodes whose resources it changes, and no others. */
class AffectedNodesOnlyTest {
  private XdsControlPlane xds;

  @BeforeEach
  void start() {
    xds = new XdsControlPlane(new InetSocketAddress("127.0.0.1", 0),
        new Translator(new TranslatorSettings("127.0.0.1:18000")), state(Mode.LEARN, Map.of()),
        new XdsMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), List.of()).start();
  }

  @AfterEach
  void stop() {
    xds.close();
  }

  private static MeshState state(Mode paymentsMode, Map<ModeTarget, Mode> overrides) {
    return new MeshState(1, MeshConfig.defaults(), List.of(
        policy("shop", "payments-api", "payments", paymentsMode, allowFromCidr("a", "10.0.0.0", 8)),
        policy("shop", "cart-api", "cart", Mode.LEARN, allowFromCidr("b", "10.0.0.0", 8))),
        overrides);
  }

  @Test
  void aPolicyChangeIsPushedOnlyToTheWorkloadItGoverns() {
    try (SimulatedSidecar payments1 = new SimulatedSidecar(xds.port(), "payments-1", "shop", "payments");
         SimulatedSidecar payments2 = new SimulatedSidecar(xds.port(), "payments-2", "shop", "payments");
         SimulatedSidecar cart = new SimulatedSidecar(xds.port(), "cart-1", "shop", "cart")) {
      for (SimulatedSidecar sidecar : List.of(payments1, payments2, cart)) {
        await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.received("RDS").size() == 1
            && sidecar.received("LDS").size() == 1 && sidecar.received("CDS").size() == 1);
      }

      xds.update(state(Mode.ENFORCE, Map.of()));

      await().atMost(Duration.ofSeconds(10)).until(() -> payments1.received("LDS").size() == 2
          && payments2.received("LDS").size() == 2 && payments1.received("RDS").size() == 2);
      xds.publisher().flush().join();
      // ENFORCE changes the listener (rules instead of shadow rules) and the route (the mode in the context
      // extensions); the clusters do not change, so they are not re-sent.
      assertThat(payments1.received("CDS")).hasSize(1);
      assertThat(cart.received("LDS")).hasSize(1);
      assertThat(cart.received("RDS")).hasSize(1);
      assertThat(cart.received("CDS")).hasSize(1);
    }
  }

  @Test
  void aNamespaceModeOverrideReachesEveryWorkloadOfTheNamespace() {
    try (SimulatedSidecar payments = new SimulatedSidecar(xds.port(), "payments-1", "shop", "payments");
         SimulatedSidecar cart = new SimulatedSidecar(xds.port(), "cart-1", "shop", "cart");
         SimulatedSidecar other = new SimulatedSidecar(xds.port(), "search-1", "catalog", "search")) {
      for (SimulatedSidecar sidecar : List.of(payments, cart, other)) {
        await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.received("RDS").size() == 1);
      }

      xds.update(state(Mode.LEARN, Map.of(ModeTarget.namespace("shop"), Mode.MONITOR)));

      await().atMost(Duration.ofSeconds(10)).until(() -> payments.received("RDS").size() == 2
          && cart.received("RDS").size() == 2);
      xds.publisher().flush().join();
      assertThat(other.received("RDS")).hasSize(1);
      assertThat(other.received("LDS")).hasSize(1);
    }
  }
}
