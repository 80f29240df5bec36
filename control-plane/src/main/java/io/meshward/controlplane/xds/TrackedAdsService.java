package io.meshward.controlplane.xds;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ADS service peers connect to: java-control-plane's, with every stream passing through an {@link AdsStream}.
 * Only state-of-the-world ADS is served; Envoy and grpc-java both use it by default.
 */
final class TrackedAdsService extends AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase {
  private final AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase cache;
  private final AdsStreamListener listener;
  private final AtomicLong streamIds = new AtomicLong();

  TrackedAdsService(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase cache,
                    AdsStreamListener listener) {
    this.cache = cache;
    this.listener = listener;
  }

  @Override
  public StreamObserver<DiscoveryRequest> streamAggregatedResources(
      StreamObserver<DiscoveryResponse> responseObserver) {
    AdsStream stream = new AdsStream(streamIds.incrementAndGet(), listener);
    PeerResponseObserver toPeer =
        new PeerResponseObserver((ServerCallStreamObserver<DiscoveryResponse>) responseObserver, stream);
    return stream.inbound(cache.streamAggregatedResources(toPeer));
  }

  @Override
  public StreamObserver<DeltaDiscoveryRequest> deltaAggregatedResources(
      StreamObserver<DeltaDiscoveryResponse> responseObserver) {
    responseObserver.onError(Status.UNIMPLEMENTED
        .withDescription("meshward serves state-of-the-world ADS only; set api_type GRPC, not DELTA_GRPC")
        .asRuntimeException());
    return new StreamObserver<>() {
      @Override
      public void onNext(DeltaDiscoveryRequest value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }
}
