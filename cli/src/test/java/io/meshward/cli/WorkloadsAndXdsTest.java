package io.meshward.cli;

import static io.meshward.cli.PolicyFixtures.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshward.cli.MeshwardCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("meshward workloads and meshward xds dump")
class WorkloadsAndXdsTest {
  private static final String HEADER = "NODE  WORKLOAD  KIND  MODE  POLICY  VERSION  ACKED  LAST NACK  CONNECTED\n";

  @TempDir
  Path dataDir;
  @TempDir
  Path workDir;
  private RunningControlPlane controlPlane;
  private MeshwardCli meshward;

  @BeforeEach
  void start() {
    controlPlane = RunningControlPlane.start(dataDir);
    meshward = controlPlane.cli();
  }

  @AfterEach
  void stop() {
    controlPlane.close();
  }

  @Test
  void anEmptyMeshPrintsJustTheHeader() {
    Result result = meshward.run("workloads");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEqualTo(HEADER);
    assertThat(meshward.run("workloads", "-o", "json").out().strip()).isEqualTo("[ ]");
  }

  @Test
  void aConnectedSidecarShowsItsModePolicyAndAcks() {
    meshward.run("policy", "apply", "-f", path("shop.yaml"));

    try (FakeSidecar sidecar = FakeSidecar.connect(controlPlane.xdsPort(), "payments-7d4f", "shop", "payments")) {
      Result result = awaitRow(sidecar.nodeId(), "yes");

      assertThat(result.outLines().get(0))
          .matches("NODE\\s+WORKLOAD\\s+KIND\\s+MODE\\s+POLICY\\s+VERSION\\s+ACKED\\s+LAST NACK\\s+CONNECTED");
      assertThat(result.outLines().get(1)).matches(
          "payments-7d4f  shop/payments  sidecar  ENFORCE \\(policy\\)  shop/payments-api  [0-9a-f]{8}  yes\\s+-\\s+yes");

      meshward.run("mode", "set", "shop/payments", "monitor");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(meshward.run("workloads").out())
          .contains("MONITOR (override)"));
      assertThat(meshward.run("mode", "get", "shop/payments").out()).isEqualTo("""
          shop/payments: MONITOR (override)
          NODE           WORKLOAD       MODE                CONNECTED
          payments-7d4f  shop/payments  MONITOR (override)  yes
          """);
    }
  }

  @Test
  void aDisconnectedSidecarSaysWhenItWasLastSeen() {
    try (FakeSidecar sidecar = FakeSidecar.connect(controlPlane.xdsPort(), "catalog-1", "shop", "catalog")) {
      awaitRow(sidecar.nodeId(), "yes");
    }
    MeshwardCli threeMinutesLater = meshward.withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(3)));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(threeMinutesLater.run("workloads").outLines().get(1))
            .startsWith("catalog-1  shop/catalog  sidecar  LEARN (mesh default)")
            .endsWith("no, last seen 3m ago"));
  }

  @Test
  void filtersByNamespaceAndPrintsYaml() {
    try (FakeSidecar sidecar = FakeSidecar.connect(controlPlane.xdsPort(), "front-1", "web", "storefront")) {
      awaitRow(sidecar.nodeId(), "yes");

      assertThat(meshward.run("workloads", "-n", "shop").out()).isEqualTo(HEADER);
      assertThat(meshward.run("workloads", "-n", "web", "-o", "yaml").out())
          .contains("nodeId: front-1", "namespace: web", "connected: true");
    }
  }

  @Test
  void dumpsTheResourcesServedToANode() throws Exception {
    try (FakeSidecar sidecar = FakeSidecar.connect(controlPlane.xdsPort(), "payments-1", "shop", "payments")) {
      awaitRow(sidecar.nodeId(), "yes");
      Path bootstrap = workDir.resolve("bootstrap.yaml");

      Result resources = meshward.run("xds", "dump", "payments-1");
      Result toFile = meshward.run("xds", "dump", "payments-1", "--format", "bootstrap", "-o", bootstrap.toString());

      assertThat(resources.exitCode()).as(resources.toString()).isZero();
      assertThat(resources.out()).contains("meshward-inbound");
      assertThat(toFile.exitCode()).as(toFile.toString()).isZero();
      assertThat(Files.readString(bootstrap)).contains("static_resources");
    }
  }

  @Test
  void dumpingAnUnknownNodeFailsWithTheServersMessage() {
    Result result = meshward.run("xds", "dump", "ghost");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("error: no node 'ghost' is known\n");
  }

  @Test
  void anUnknownDumpFormatIsAUsageError() {
    Result result = meshward.run("xds", "dump", "ghost", "--format", "json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("RESOURCES", "BOOTSTRAP");
  }

  private Result awaitRow(String nodeId, String acked) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> meshward.run("workloads"),
        result -> result.outLines().stream().anyMatch(line -> line.startsWith(nodeId + " ")
            && line.matches(".*\\s" + acked + "\\s.*")));
  }
}
