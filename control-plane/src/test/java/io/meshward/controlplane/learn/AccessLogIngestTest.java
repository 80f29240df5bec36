package io.meshward.controlplane.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.RequestMethod;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.data.accesslog.v3.AccessLogCommon;
import io.envoyproxy.envoy.data.accesslog.v3.HTTPAccessLogEntry;
import io.envoyproxy.envoy.data.accesslog.v3.HTTPRequestProperties;
import io.envoyproxy.envoy.data.accesslog.v3.TCPAccessLogEntry;
import io.envoyproxy.envoy.data.accesslog.v3.TLSProperties;
import io.envoyproxy.envoy.service.accesslog.v3.AccessLogServiceGrpc;
import io.envoyproxy.envoy.service.accesslog.v3.StreamAccessLogsMessage;
import io.envoyproxy.envoy.service.accesslog.v3.StreamAccessLogsResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.meshward.controlplane.testing.ControlPlaneHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access-log entries sent the way Envoy's gRPC access logger sends them become learned edges. */
class AccessLogIngestTest {
  private static final String CHECKOUT = "spiffe://cluster.local/ns/shop/sa/checkout";

  @TempDir
  Path dataDir;

  private static Node node(String namespace, String workload) {
    return Node.newBuilder().setId("sidecar~10.0.0.5~" + workload + "~" + namespace)
        .setMetadata(Struct.newBuilder().putFields("meshward", Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("kind", Value.newBuilder().setStringValue("sidecar").build())
            .putFields("namespace", Value.newBuilder().setStringValue(namespace).build())
            .putFields("workload", Value.newBuilder().setStringValue(workload).build())).build()))
        .build();
  }

  private static Address address(String ip, int port) {
    return Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress(ip).setPortValue(port)).build();
  }

  private static AccessLogCommon common(String principal, String sourceIp, Instant start) {
    AccessLogCommon.Builder common = AccessLogCommon.newBuilder()
        .setDownstreamRemoteAddress(address(sourceIp, 41234))
        .setDownstreamLocalAddress(address("10.0.0.5", 8080))
        .setStartTime(Timestamp.newBuilder().setSeconds(start.getEpochSecond()));
    if (principal != null) {
      common.setTlsProperties(TLSProperties.newBuilder().setPeerCertificateProperties(
          TLSProperties.CertificateProperties.newBuilder().addSubjectAltName(
              TLSProperties.CertificateProperties.SubjectAltName.newBuilder().setUri(principal))));
    }
    return common.build();
  }

  private static HTTPAccessLogEntry http(String principal, RequestMethod method, String path) {
    return HTTPAccessLogEntry.newBuilder().setCommonProperties(common(principal, "10.0.9.9", Instant.now()))
        .setRequest(HTTPRequestProperties.newBuilder().setRequestMethod(method).setPath(path)).build();
  }

  @Test
  void httpAndTcpEntriesOfAStreamBecomeEdgesIntoItsNodesWorkload() throws Exception {
    try (ControlPlaneHarness harness = new ControlPlaneHarness(dataDir).start()) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", harness.xdsPort()).usePlaintext().build();
      try {
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<StreamAccessLogsMessage> stream = AccessLogServiceGrpc.newStub(channel)
            .streamAccessLogs(new StreamObserver<StreamAccessLogsResponse>() {
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
        // As Envoy does: the identifier on the first message only.
        stream.onNext(StreamAccessLogsMessage.newBuilder()
            .setIdentifier(StreamAccessLogsMessage.Identifier.newBuilder().setNode(node("shop", "payments"))
                .setLogName("meshward"))
            .setHttpLogs(StreamAccessLogsMessage.HTTPAccessLogEntries.newBuilder()
                .addLogEntry(http(CHECKOUT, RequestMethod.POST, "/charges/ch_3MqLX2Ab3cD4eF5g/capture"))
                .addLogEntry(http(CHECKOUT, RequestMethod.POST, "/charges/ch_9ZzLX2Ab3cD4eF5h/capture")))
            .build());
        stream.onNext(StreamAccessLogsMessage.newBuilder()
            .setHttpLogs(StreamAccessLogsMessage.HTTPAccessLogEntries.newBuilder()
                .addLogEntry(http(null, RequestMethod.GET, "/healthz?full=1"))
                .addLogEntry(http(CHECKOUT, RequestMethod.GET, "/" + "x".repeat(100_000))))
            .build());
        stream.onNext(StreamAccessLogsMessage.newBuilder()
            .setTcpLogs(StreamAccessLogsMessage.TCPAccessLogEntries.newBuilder().addLogEntry(
                TCPAccessLogEntry.newBuilder().setCommonProperties(common(CHECKOUT, "10.0.9.9",
                    Instant.now().plus(Duration.ofDays(365))))))
            .build());
        stream.onCompleted();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }

      LearnedGraph graph = harness.controlPlane().learning().graph();
      await().atMost(Duration.ofSeconds(5)).until(() -> graph.edges("shop/payments").size() == 4);
      assertThat(graph.edges("shop/payments")).extracting(h -> h.edge().source() + " " + h.edge().port() + " "
              + h.edge().protocol() + " " + h.edge().method() + " " + h.edge().pathTemplate() + " x" + h.count())
          .containsExactly(
              "10.0.9.9 8080 http GET /healthz x1",
              CHECKOUT + " 8080 http GET /** x1",
              CHECKOUT + " 8080 http POST /charges/{id}/capture x2",
              CHECKOUT + " 8080 tcp null null x1");
      EdgeHistory tcp = graph.edges("shop/payments").get(3);
      assertThat(tcp.lastSeen()).as("a clock a year ahead is taken as now")
          .isBefore(Instant.now().plus(Duration.ofMinutes(1)));
      assertThat(harness.admin().get("/metrics").body())
          .contains("meshward_access_log_entries_total 5.0")
          .contains("meshward_learned_observations_total{outcome=\"new_edge\"} 4.0");
    }
  }

  @Test
  void theAllowlistsShadowDecisionIsReadFromTheRbacFiltersDynamicMetadata() {
    AccessLogCommon allowed = AccessLogCommon.newBuilder().setMetadata(io.envoyproxy.envoy.config.core.v3.Metadata
        .newBuilder().putFilterMetadata("envoy.filters.http.rbac", Struct.newBuilder()
            .putFields("meshward_allow_shadow_engine_result", Value.newBuilder().setStringValue("allowed").build())
            .putFields("meshward_allow_shadow_effective_policy_id", Value.newBuilder().setStringValue("x").build())
            .build())).build();
    AccessLogCommon denied = allowed.toBuilder().setMetadata(io.envoyproxy.envoy.config.core.v3.Metadata.newBuilder()
        .putFilterMetadata("envoy.filters.http.rbac", Struct.newBuilder().putFields(
            "meshward_allow_shadow_engine_result", Value.newBuilder().setStringValue("denied").build()).build()))
        .build();

    assertThat(AccessLogIngest.shadowAllowed(allowed)).isTrue();
    assertThat(AccessLogIngest.shadowAllowed(denied)).isFalse();
    assertThat(AccessLogIngest.shadowAllowed(AccessLogCommon.getDefaultInstance())).isNull();
  }
}
