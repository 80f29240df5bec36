package io.meshward.controlplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.meshward.controlplane.mesh.NodeIdentity;
import io.meshward.controlplane.mesh.NodeKind;
import io.meshward.controlplane.testing.ControlPlaneHarness;
import io.meshward.controlplane.testing.ProxylessPeer;
import io.meshward.controlplane.translate.EnvoyConfigYaml;
import io.meshward.controlplane.xds.NodeIdentities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The files under deploy/ are what operators copy; they are checked here against Envoy's schema (the v3 Bootstrap
 * proto) and, for grpc-java, against a real server and control plane.
 */
class DeployExamplesTest {
  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final TypeRegistry TYPES = EnvoyConfigYaml.typeRegistry();

  private static final Map<String, String> VALUES = Map.of(
      "MESHWARD_XDS_HOST", "127.0.0.1",
      "MESHWARD_XDS_PORT", "18000",
      "NODE_ID", "payments-7d9f4.shop",
      "NAMESPACE", "shop",
      "WORKLOAD", "payments",
      "SERVICE_ACCOUNT", "payments",
      "WORKLOAD_LABELS", "{app: payments, version: v1}",
      "APP_PORT", "8080");

  @TempDir
  Path dataDir;

  static String fill(String template, Map<String, String> values) {
    String filled = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      filled = filled.replace("${" + value.getKey() + "}", value.getValue());
    }
    assertThat(filled).as("every placeholder is filled").doesNotContain("${");
    return filled;
  }

  static Bootstrap parseEnvoyYaml(String yaml) throws Exception {
    Object tree = new Load(LoadSettings.builder().build()).loadFromString(yaml);
    String json = new ObjectMapper().writeValueAsString(tree);
    Bootstrap.Builder bootstrap = Bootstrap.newBuilder();
    // Strict: an unknown field or a wrong type is an error, as it is for Envoy.
    JsonFormat.parser().usingTypeRegistry(TYPES).merge(json, bootstrap);
    return bootstrap.build();
  }

  @Test
  void theEnvoyBootstrapIsAValidBootstrapAndIdentifiesItsNodeWithoutWarnings() throws Exception {
    Bootstrap bootstrap = parseEnvoyYaml(fill(Files.readString(DEPLOY.resolve("envoy/bootstrap.yaml")), VALUES));

    assertThat(bootstrap.getDynamicResources().getAdsConfig().getGrpcServices(0).getEnvoyGrpc().getClusterName())
        .isEqualTo("meshward-xds");
    NodeIdentity identity = NodeIdentities.fromNode(bootstrap.getNode());
    assertThat(identity.warnings()).isEmpty();
    assertThat(identity.kind()).isEqualTo(NodeKind.ENVOY_SIDECAR);
    assertThat(identity.workloadRef()).isEqualTo("shop/payments");
    assertThat(identity.labels()).containsEntry("version", "v1");
    assertThat(identity.appPort()).isEqualTo(8080);
  }

  @Test
  void theRenderedValidationBootstrapIsAValidBootstrap() throws Exception {
    String golden = Files.readString(Path.of("src/test/resources/golden/sidecar-enforce-bootstrap.yaml"));

    Bootstrap bootstrap = parseEnvoyYaml(golden);

    assertThat(bootstrap.getStaticResources().getListenersCount()).isEqualTo(1);
    assertThat(bootstrap.getStaticResources().getClustersCount()).isEqualTo(3);
  }

  @Test
  void theGrpcBootstrapStartsARealXdsServerAgainstTheControlPlane() throws Exception {
    try (ControlPlaneHarness harness = new ControlPlaneHarness(dataDir).start()) {
      Map<String, String> values = new java.util.HashMap<>(VALUES);
      values.put("MESHWARD_XDS_PORT", String.valueOf(harness.xdsPort()));
      values.put("NODE_ID", "payments-grpc-1");
      @SuppressWarnings("unchecked")
      Map<String, ?> bootstrap = new ObjectMapper().readValue(
          fill(Files.readString(DEPLOY.resolve("grpc/bootstrap.json")), values), Map.class);

      try (ProxylessPeer server = ProxylessPeer.start(bootstrap, Duration.ofSeconds(30))) {
        assertThat(harness.admin().workload("payments-grpc-1").path("identity").path("kind").asText())
            .isEqualTo("GRPC_PROXYLESS");
        assertThat(harness.admin().workload("payments-grpc-1").path("warnings")).isEmpty();
      }
    }
  }
}
