package io.meshward.cli;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Plays an Envoy sidecar on one ADS stream: asks for its listeners, routes and clusters, and ACKs whatever it is
 * sent. Enough for the control plane to list it as a connected, up-to-date workload.
 */
final class FakeSidecar implements AutoCloseable {
  private static final String LISTENER = "type.googleapis.com/envoy.config.listener.v3.Listener";
  private static final String ROUTE = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
  private static final String CLUSTER = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  /** The route configuration the sidecar's inbound listener names. */
  private static final String INBOUND_ROUTE = "meshward-inbound";

  private final String nodeId;
  private final ManagedChannel channel;
  private StreamObserver<DiscoveryRequest> requests;

  private FakeSidecar(int xdsPort, String nodeId) {
    this.nodeId = nodeId;
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", xdsPort).usePlaintext().build();
  }

  String nodeId() {
    return nodeId;
  }

  /** Connects as node {@code nodeId} of workload {@code namespace/workload}. */
  static FakeSidecar connect(int xdsPort, String nodeId, String namespace, String workload) {
    Struct meshward = Struct.newBuilder()
        .putFields("kind", text("sidecar"))
        .putFields("namespace", text(namespace))
        .putFields("workload", text(workload))
        .putFields("serviceAccount", text(workload))
        .build();
    Node node = Node.newBuilder()
        .setId(nodeId)
        .setUserAgentName("envoy")
        .setMetadata(Struct.newBuilder().putFields("meshward", Value.newBuilder().setStructValue(meshward).build()))
        .build();
    FakeSidecar sidecar = new FakeSidecar(xdsPort, nodeId);
    sidecar.open(node);
    return sidecar;
  }

  private synchronized void open(Node node) {
    requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new StreamObserver<>() {
      @Override
      public void onNext(DiscoveryResponse response) {
        ack(response);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    });
    requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(CLUSTER).build());
    requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(LISTENER).build());
    requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(ROUTE)
        .addResourceNames(INBOUND_ROUTE).build());
  }

  /** A stream observer is not thread-safe: ACKs (gRPC's threads) and close (the test's) take turns. */
  private synchronized void ack(DiscoveryResponse response) {
    requests.onNext(DiscoveryRequest.newBuilder()
        .setTypeUrl(response.getTypeUrl())
        .setVersionInfo(response.getVersionInfo())
        .setResponseNonce(response.getNonce())
        .addAllResourceNames(response.getTypeUrl().equals(ROUTE) ? List.of(INBOUND_ROUTE) : List.of())
        .build());
  }

  /** Ends the stream, as a sidecar that shuts down. */
  @Override
  public void close() {
    synchronized (this) {
      requests.onCompleted();
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static Value text(String value) {
    return Value.newBuilder().setStringValue(value).build();
  }
}
