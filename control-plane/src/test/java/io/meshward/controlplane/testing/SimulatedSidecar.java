package io.meshward.controlplane.testing;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An ADS client that behaves as an Envoy sidecar does on the wire: it subscribes to clusters and listeners, then to
 * the routes its listeners name, and ACKs every response. It records what it receives.
 */
public final class SimulatedSidecar implements AutoCloseable {
  private static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  private static final String LDS = "type.googleapis.com/envoy.config.listener.v3.Listener";
  private static final String RDS = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";

  private final ManagedChannel channel;
  private final StreamObserver<DiscoveryRequest> requests;
  private final List<DiscoveryResponse> received = new CopyOnWriteArrayList<>();
  private final Node node;

  public SimulatedSidecar(int xdsPort, String nodeId, String namespace, String workload) {
    this.node = Node.newBuilder()
        .setId(nodeId)
        .setUserAgentName("envoy")
        .setMetadata(Struct.newBuilder().putFields("meshward", Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("kind", Value.newBuilder().setStringValue("sidecar").build())
            .putFields("namespace", Value.newBuilder().setStringValue(namespace).build())
            .putFields("workload", Value.newBuilder().setStringValue(workload).build())).build()))
        .build();
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", xdsPort).usePlaintext().build();
    this.requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new StreamObserver<>() {
      @Override
      public void onNext(DiscoveryResponse response) {
        received.add(response);
        ack(response);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    });
    synchronized (this) {
      requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(CDS).build());
      requests.onNext(DiscoveryRequest.newBuilder().setTypeUrl(LDS).build());
    }
  }

  private synchronized void ack(DiscoveryResponse response) {
    DiscoveryRequest.Builder ack = DiscoveryRequest.newBuilder()
        .setTypeUrl(response.getTypeUrl())
        .setVersionInfo(response.getVersionInfo())
        .setResponseNonce(response.getNonce());
    if (RDS.equals(response.getTypeUrl())) {
      ack.addResourceNames("meshward-inbound");
    }
    requests.onNext(ack.build());
    if (LDS.equals(response.getTypeUrl()) && received.stream().noneMatch(r -> RDS.equals(r.getTypeUrl()))
        && !subscribedRoutes) {
      subscribedRoutes = true;
      requests.onNext(DiscoveryRequest.newBuilder().setTypeUrl(RDS).addResourceNames("meshward-inbound").build());
    }
  }

  private boolean subscribedRoutes;

  /** Responses received so far of a type ("LDS", "RDS", "CDS"). */
  public List<DiscoveryResponse> received(String type) {
    String url = switch (type) {
      case "LDS" -> LDS;
      case "RDS" -> RDS;
      case "CDS" -> CDS;
      default -> throw new IllegalArgumentException(type);
    };
    List<DiscoveryResponse> of = new ArrayList<>();
    for (DiscoveryResponse response : received) {
      if (url.equals(response.getTypeUrl())) {
        of.add(response);
      }
    }
    return of;
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
