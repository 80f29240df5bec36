package io.meshward.controlplane.translate;

import io.meshward.controlplane.mesh.MeshState;
import io.meshward.controlplane.mesh.NodeIdentity;
import io.meshward.controlplane.mesh.NodeKind;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.WorkloadPolicy;
import io.meshward.policy.yaml.PolicyCodec;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The Envoy-only parts (shadow rules, ext_authz, ext_proc, clusters, access log) cannot be exercised without Envoy,
 * so their rendering for each mode is pinned in reviewed YAML files. The bootstrap form of the ENFORCE rendering is
 * what an operator feeds to {@code envoy --mode validate -c}.
 */
class GoldenRenderingTest {
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
              - principal: spiffe://cluster.local/ns/ops/sa/prober
            ports: [8080]
            http:
              methods: [GET, POST]
              paths: ["/api/**", "/orders/{id}", "/healthz"]
          - name: from-monitoring
            from:
              - namespace: monitoring
              - cidr: 10.20.0.0/16
            http:
              methods: [GET]
              paths: ["/metrics"]
              headers:
                - name: x-scrape
                  present: true
          - name: block-legacy-batch
            action: DENY
            from:
              - serviceAccount: batch/legacy-exporter
        profiles:
          waf: strict
          dlp: payments
      """;

  private static final NodeIdentity SIDECAR = new NodeIdentity("sidecar~10.1.2.3~payments-7d9f~shop.svc",
      NodeKind.ENVOY_SIDECAR, "shop", "payments", "payments", Map.of("app", "payments"), 15006, 8080, List.of());
  private static final NodeIdentity PROXYLESS = new NodeIdentity("payments-grpc-1", NodeKind.GRPC_PROXYLESS,
      "shop", "payments", "payments", Map.of("app", "payments"), 0, 0, List.of());

  private final Translator translator = new Translator(new TranslatorSettings("meshward.meshward-system:18000"));

  private static MeshState state(String mode) throws Exception {
    List<PolicyDocument> documents = new PolicyCodec().read("golden policy",
        POLICY.replace("  ingress:", "  mode: " + mode + "\n  ingress:"));
    return new MeshState(1, MeshConfig.defaults(), List.of((WorkloadPolicy) documents.get(0)), Map.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"LEARN", "MONITOR", "ENFORCE"})
  void envoySidecarResourcesPerMode(String mode) throws Exception {
    NodeResources resources = translator.translate(state(mode), SIDECAR, List.of());
    GoldenFiles.assertMatches("sidecar-" + mode.toLowerCase() + ".yaml", EnvoyConfigYaml.resources(resources));
  }

  @Test
  void envoySidecarEnforceAsAValidationBootstrap() throws Exception {
    NodeResources resources = translator.translate(state("ENFORCE"), SIDECAR, List.of());
    GoldenFiles.assertMatches("sidecar-enforce-bootstrap.yaml", EnvoyConfigYaml.validationBootstrap(resources));
  }

  @ParameterizedTest
  @ValueSource(strings = {"LEARN", "ENFORCE"})
  void proxylessServerResourcesPerMode(String mode) throws Exception {
    SortedSet<ServerListener> listeners = new TreeSet<>();
    listeners.add(ServerListener.fromName("grpc/server?xds.resource.listening_address=0.0.0.0:50051").orElseThrow());
    NodeResources resources = translator.translate(state(mode), PROXYLESS, listeners);
    GoldenFiles.assertMatches("proxyless-" + mode.toLowerCase() + ".yaml", EnvoyConfigYaml.resources(resources));
  }
}
