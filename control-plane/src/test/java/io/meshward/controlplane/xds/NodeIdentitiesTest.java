package io.meshward.controlplane.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.meshward.controlplane.mesh.NodeIdentity;
import io.meshward.controlplane.mesh.NodeKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeIdentitiesTest {
  private static Value text(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  private static Value number(double d) {
    return Value.newBuilder().setNumberValue(d).build();
  }

  private static Node node(String userAgent, Map<String, Value> meshward) {
    return Node.newBuilder()
        .setId("n-1")
        .setUserAgentName(userAgent)
        .setMetadata(Struct.newBuilder().putFields("meshward",
            Value.newBuilder().setStructValue(Struct.newBuilder().putAllFields(meshward)).build()))
        .build();
  }

  @Test
  void aWellDescribedSidecarIsReadWhole() {
    NodeIdentity identity = NodeIdentities.fromNode(node("envoy", Map.of(
        "kind", text("sidecar"),
        "namespace", text("shop"),
        "workload", text("payments"),
        "serviceAccount", text("payments-sa"),
        "labels", Value.newBuilder().setStructValue(Struct.newBuilder().putFields("app", text("payments"))).build(),
        "inboundPort", number(15001),
        "appPort", text("9090"))));

    assertThat(identity.kind()).isEqualTo(NodeKind.ENVOY_SIDECAR);
    assertThat(identity.workloadRef()).isEqualTo("shop/payments");
    assertThat(identity.serviceAccount()).isEqualTo("payments-sa");
    assertThat(identity.labels()).containsEntry("app", "payments");
    assertThat(identity.inboundPort()).isEqualTo(15001);
    assertThat(identity.appPort()).isEqualTo(9090);
    assertThat(identity.warnings()).isEmpty();
    assertThat(identity.identified()).isTrue();
  }

  @Test
  void theKindIsInferredFromTheUserAgentWhenNotDeclared() {
    assertThat(NodeIdentities.fromNode(node("gRPC Java", Map.of())).kind()).isEqualTo(NodeKind.GRPC_PROXYLESS);
    assertThat(NodeIdentities.fromNode(node("envoy", Map.of())).kind()).isEqualTo(NodeKind.ENVOY_SIDECAR);
  }

  @Test
  void missingOrMalformedMetadataGivesSafeDefaultsAndWarnings() {
    NodeIdentity bare = NodeIdentities.fromNode(Node.newBuilder().setId("bare").build());
    assertThat(bare.identified()).isFalse();
    assertThat(bare.kind()).isEqualTo(NodeKind.ENVOY_SIDECAR);
    assertThat(bare.warnings()).anyMatch(w -> w.contains("no 'meshward' struct"))
        .anyMatch(w -> w.contains("cannot tell whether the node is a sidecar"));

    NodeIdentity malformed = NodeIdentities.fromNode(node("envoy", Map.of(
        "namespace", text("Not A Name!"),
        "workload", number(7),
        "inboundPort", number(70000),
        "labels", text("app=payments"))));
    assertThat(malformed.identified()).isFalse();
    assertThat(malformed.inboundPort()).isEqualTo(NodeIdentity.DEFAULT_INBOUND_PORT);
    assertThat(malformed.labels()).isEmpty();
    assertThat(malformed.warnings())
        .anyMatch(w -> w.contains("namespace") && w.contains("not a valid name"))
        .anyMatch(w -> w.contains("workload is missing"))
        .anyMatch(w -> w.contains("inboundPort is not a port"))
        .anyMatch(w -> w.contains("labels is not a struct"));
  }
}
