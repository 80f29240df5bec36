package io.meshward.controlplane.learn;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.RequestMethod;
import io.envoyproxy.envoy.data.accesslog.v3.AccessLogCommon;
import io.envoyproxy.envoy.data.accesslog.v3.HTTPAccessLogEntry;
import io.envoyproxy.envoy.data.accesslog.v3.TCPAccessLogEntry;
import io.envoyproxy.envoy.data.accesslog.v3.TLSProperties;
import io.envoyproxy.envoy.service.accesslog.v3.AccessLogServiceGrpc;
import io.envoyproxy.envoy.service.accesslog.v3.StreamAccessLogsMessage;
import io.envoyproxy.envoy.service.accesslog.v3.StreamAccessLogsResponse;
import io.grpc.stub.StreamObserver;
import io.meshward.controlplane.mesh.NodeIdentity;
import io.meshward.controlplane.translate.ResourceNames;
import io.meshward.controlplane.xds.NodeIdentities;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;

/**
 * Envoy's access log service ({@code envoy.service.accesslog.v3.AccessLogService/StreamAccessLogs}): sidecars stream
 * their HTTP and TCP access-log entries here, and each becomes an observation for the learned graph. The stream's
 * first message names the node; its workload is the destination of every entry on the stream. The source is the
 * peer certificate's URI SAN (the SPIFFE id) when the connection was mTLS, else the downstream address.
 *
 * <p>Hostile input is expected: entries without a node, without a source, with absurd paths are counted and
 * dropped or bounded by the graph; nothing is buffered (each entry is learned as it arrives), and a timestamp ahead
 * of this clock is taken as now.
 */
public final class AccessLogIngest extends AccessLogServiceGrpc.AccessLogServiceImplBase {
  private final LearnedGraph graph;
  private final Clock clock;
  private final Counter received;
  private final Counter withoutNode;

  public AccessLogIngest(LearnedGraph graph, Clock clock, MeterRegistry metrics) {
    this.graph = graph;
    this.clock = clock;
    this.received = Counter.builder("meshward_access_log_entries_total")
        .description("Access-log entries received from Envoy").register(metrics);
    this.withoutNode = Counter.builder("meshward_access_log_entries_without_node_total")
        .description("Access-log entries dropped because their stream never named its node").register(metrics);
  }

  @Override
  public StreamObserver<StreamAccessLogsMessage> streamAccessLogs(
      StreamObserver<StreamAccessLogsResponse> responseObserver) {
    return new StreamObserver<>() {
      private String workload;
      private int appPort;

      @Override
      public void onNext(StreamAccessLogsMessage message) {
        if (message.hasIdentifier() && message.getIdentifier().hasNode()) {
          NodeIdentity node = NodeIdentities.fromNode(message.getIdentifier().getNode());
          workload = node.identified() ? node.workloadRef() : null;
          appPort = node.appPort();
        }
        Instant now = clock.instant();
        if (message.hasHttpLogs()) {
          for (HTTPAccessLogEntry entry : message.getHttpLogs().getLogEntryList()) {
            received.increment();
            AccessLogCommon common = entry.getCommonProperties();
            RequestMethod method = entry.getRequest().getRequestMethod();
            learn(common, now, "http", method == RequestMethod.METHOD_UNSPECIFIED ? "GET" : method.name(),
                entry.getRequest().getPath());
          }
        } else if (message.hasTcpLogs()) {
          for (TCPAccessLogEntry entry : message.getTcpLogs().getLogEntryList()) {
            received.increment();
            learn(entry.getCommonProperties(), now, "tcp", null, null);
          }
        }
      }

      private void learn(AccessLogCommon common, Instant now, String protocol, String method, String path) {
        if (workload == null) {
          withoutNode.increment();
          return;
        }
        int port = port(common.getDownstreamLocalAddress());
        graph.observe(new Observation(time(common, now), principal(common.getTlsProperties()),
            address(common.getDownstreamRemoteAddress()), workload, port == 0 ? appPort : port, protocol, method,
            path, shadowAllowed(common)));
      }

      @Override
      public void onError(Throwable t) {
        // The sidecar went away; nothing is held for it.
      }

      @Override
      public void onCompleted() {
        responseObserver.onNext(StreamAccessLogsResponse.getDefaultInstance());
        responseObserver.onCompleted();
      }
    };
  }

  /**
   * The allowlist's shadow decision Envoy's RBAC filter left in the dynamic metadata
   * ({@code envoy.filters.http.rbac} / {@code meshward_allow_shadow_engine_result}: "allowed" or "denied"); null when
   * the entry carries none (ENFORCE, TCP, or an access log that does not include metadata).
   */
  static Boolean shadowAllowed(AccessLogCommon common) {
    Struct rbac = common.getMetadata().getFilterMetadataMap().get("envoy.filters.http.rbac");
    if (rbac == null) {
      return null;
    }
    Value result = rbac.getFieldsMap().get(ResourceNames.RBAC_ALLOW_STAT_PREFIX + "shadow_engine_result");
    if (result == null) {
      return null;
    }
    return switch (result.getStringValue()) {
      case "allowed" -> Boolean.TRUE;
      case "denied" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static Instant time(AccessLogCommon common, Instant now) {
    if (!common.hasStartTime()) {
      return now;
    }
    Instant start = Instant.ofEpochSecond(common.getStartTime().getSeconds(), common.getStartTime().getNanos());
    return start.isAfter(now) ? now : start;
  }

  /** The first URI SAN of the peer's certificate: its SPIFFE id. */
  private static String principal(TLSProperties tls) {
    for (TLSProperties.CertificateProperties.SubjectAltName san
        : tls.getPeerCertificateProperties().getSubjectAltNameList()) {
      if (san.hasUri() && !san.getUri().isBlank()) {
        return san.getUri();
      }
    }
    return null;
  }

  private static String address(Address address) {
    return address.hasSocketAddress() ? address.getSocketAddress().getAddress() : null;
  }

  private static int port(Address address) {
    return address.hasSocketAddress() ? address.getSocketAddress().getPortValue() : 0;
  }
}
