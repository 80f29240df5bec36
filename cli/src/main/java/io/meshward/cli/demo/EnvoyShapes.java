package io.meshward.cli.demo;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.RequestMethod;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.data.accesslog.v3.AccessLogCommon;
import io.envoyproxy.envoy.data.accesslog.v3.HTTPAccessLogEntry;
import io.envoyproxy.envoy.data.accesslog.v3.HTTPRequestProperties;
import io.envoyproxy.envoy.service.accesslog.v3.AccessLogServiceGrpc;
import io.envoyproxy.envoy.service.accesslog.v3.StreamAccessLogsMessage;
import io.envoyproxy.envoy.service.accesslog.v3.StreamAccessLogsResponse;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What an Envoy sidecar in front of a workload sends: ext_authz checks and ext_proc exchanges to waf-filter (with the
 * per-route keys the control plane sets), and access-log entries to the control plane.
 */
public final class EnvoyShapes implements AutoCloseable {
  private final String namespace;
  private final String workload;
  private final ManagedChannel wafFilter;
  private final ManagedChannel controlPlane;

  public EnvoyShapes(String namespace, String workload, int wafFilterPort, int xdsPort) {
    this.namespace = namespace;
    this.workload = workload;
    this.wafFilter = NettyChannelBuilder.forAddress("127.0.0.1", wafFilterPort).usePlaintext().build();
    this.controlPlane = NettyChannelBuilder.forAddress("127.0.0.1", xdsPort).usePlaintext().build();
  }

  /** An ext_authz check of a request from {@code sourceAddress} (no mTLS, so no principal), in {@code mode}. */
  public CheckResponse check(String sourceAddress, String method, String pathWithQuery, String mode,
                             String requestId) {
    AttributeContext.HttpRequest http = AttributeContext.HttpRequest.newBuilder()
        .setId(requestId).setMethod(method).setPath(pathWithQuery).setHost(workload + "." + namespace + ".svc")
        .setScheme("http").setProtocol("HTTP/1.1")
        .putHeaders(":authority", workload + "." + namespace + ".svc").putHeaders(":path", pathWithQuery)
        .putHeaders(":method", method).putHeaders(":scheme", "http")
        .putHeaders("user-agent", "checkout/2.3").putHeaders("accept", "application/json")
        .putHeaders("x-request-id", requestId)
        .build();
    CheckRequest request = CheckRequest.newBuilder()
        .setAttributes(AttributeContext.newBuilder()
            .setSource(AttributeContext.Peer.newBuilder().setAddress(address(sourceAddress, 41000)))
            .setDestination(AttributeContext.Peer.newBuilder().setAddress(address("127.0.0.1", 8080)))
            .setRequest(AttributeContext.Request.newBuilder().setHttp(http))
            .putContextExtensions("meshward.workload", namespace + "/" + workload)
            .putContextExtensions("meshward.mode", mode)
            .putContextExtensions("meshward.profile", "default"))
        .build();
    return AuthorizationGrpc.newBlockingStub(wafFilter).withDeadlineAfter(30, TimeUnit.SECONDS).check(request);
  }

  /**
   * The response path through ext_proc (BUFFERED): response headers, then the whole body; returns the body Envoy
   * would send on (masked, when waf-filter rewrote it).
   */
  public String respond(String jsonBody, String mode) throws InterruptedException {
    Metadata keys = new Metadata();
    keys.put(Metadata.Key.of("x-meshward-workload", Metadata.ASCII_STRING_MARSHALLER), namespace + "/" + workload);
    keys.put(Metadata.Key.of("x-meshward-mode", Metadata.ASCII_STRING_MARSHALLER), mode);
    keys.put(Metadata.Key.of("x-meshward-profile", Metadata.ASCII_STRING_MARSHALLER), "default");
    LinkedBlockingQueue<ProcessingResponse> answers = new LinkedBlockingQueue<>();
    StreamObserver<ProcessingRequest> requests = ExternalProcessorGrpc.newStub(wafFilter)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(keys))
        .process(new StreamObserver<>() {
          @Override
          public void onNext(ProcessingResponse value) {
            answers.add(value);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
    byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
    try {
      requests.onNext(ProcessingRequest.newBuilder().setResponseHeaders(HttpHeaders.newBuilder().setHeaders(
          HeaderMap.newBuilder()
              .addHeaders(header(":status", "200"))
              .addHeaders(header("content-type", "application/json"))
              .addHeaders(header("content-length", Integer.toString(body.length)))))
          // The request's attributes, which Envoy's ext_proc filter sends with the response headers.
          .putAttributes("envoy.filters.http.ext_proc", Struct.newBuilder()
              .putFields("request.id", Value.newBuilder().setStringValue("leak-1").build())
              .putFields("request.method", Value.newBuilder().setStringValue("GET").build())
              .putFields("request.path", Value.newBuilder().setStringValue("/api/orders/17").build())
              .putFields("request.host", Value.newBuilder().setStringValue(workload + "." + namespace + ".svc")
                  .build())
              .putFields("source.address", Value.newBuilder().setStringValue("127.0.0.2:41000").build())
              .build())
          .build());
      answers.poll(30, TimeUnit.SECONDS);
      requests.onNext(ProcessingRequest.newBuilder().setResponseBody(
          HttpBody.newBuilder().setBody(ByteString.copyFrom(body)).setEndOfStream(true)).build());
      ProcessingResponse answer = answers.poll(30, TimeUnit.SECONDS);
      if (answer == null || !answer.hasResponseBody()) {
        return answer == null ? "(no answer)" : "(" + answer.getResponseCase() + ")";
      }
      var common = answer.getResponseBody().getResponse();
      return common.hasBodyMutation() ? common.getBodyMutation().getBody().toStringUtf8() : jsonBody;
    } finally {
      requests.onCompleted();
    }
  }

  /** Access-log entries for calls from {@code sourceAddress} to the workload's port, as the sidecar streams them. */
  public void logCalls(String sourceAddress, int port, String path, int calls) throws InterruptedException {
    Node node = Node.newBuilder().setId(workload + "-sidecar")
        .setMetadata(Struct.newBuilder().putFields("meshward", Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("kind", Value.newBuilder().setStringValue("sidecar").build())
            .putFields("namespace", Value.newBuilder().setStringValue(namespace).build())
            .putFields("workload", Value.newBuilder().setStringValue(workload).build())).build()))
        .build();
    StreamAccessLogsMessage.HTTPAccessLogEntries.Builder entries = StreamAccessLogsMessage.HTTPAccessLogEntries
        .newBuilder();
    for (int i = 0; i < calls; i++) {
      entries.addLogEntry(HTTPAccessLogEntry.newBuilder()
          .setCommonProperties(AccessLogCommon.newBuilder()
              .setDownstreamRemoteAddress(address(sourceAddress, 40000 + i))
              .setDownstreamLocalAddress(address("127.0.0.1", port)))
          .setRequest(HTTPRequestProperties.newBuilder().setRequestMethod(RequestMethod.POST).setPath(path)));
    }
    CountDownLatch done = new CountDownLatch(1);
    StreamObserver<StreamAccessLogsMessage> stream = AccessLogServiceGrpc.newStub(controlPlane).streamAccessLogs(
        new StreamObserver<StreamAccessLogsResponse>() {
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
    stream.onNext(StreamAccessLogsMessage.newBuilder()
        .setIdentifier(StreamAccessLogsMessage.Identifier.newBuilder().setNode(node).setLogName("meshward"))
        .setHttpLogs(entries).build());
    stream.onCompleted();
    done.await(10, TimeUnit.SECONDS);
  }

  /** The rule ids a denial names, from its JSON body. */
  public static List<String> deniedRules(CheckResponse response) {
    String body = response.getDeniedResponse().getBody();
    int start = body.indexOf("\"rule_ids\"");
    if (start < 0) {
      return List.of();
    }
    int open = body.indexOf('[', start);
    int close = body.indexOf(']', open);
    return List.of(body.substring(open + 1, close).replace("\"", "").split(","));
  }

  private static HeaderValue header(String name, String value) {
    return HeaderValue.newBuilder().setKey(name).setRawValue(ByteString.copyFromUtf8(value)).build();
  }

  private static Address address(String ip, int port) {
    return Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress(ip).setPortValue(port))
        .build();
  }

  @Override
  public void close() throws InterruptedException {
    wafFilter.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    controlPlane.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
