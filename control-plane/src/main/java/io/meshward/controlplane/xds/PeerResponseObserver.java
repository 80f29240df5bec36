package io.meshward.controlplane.xds;

import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * The response side of an ADS stream as java-control-plane sees it: every response is recorded on the
 * {@link AdsStream} before it leaves, and a cancelled call closes the stream. It stays a
 * {@link ServerCallStreamObserver} so that java-control-plane can still install its own cancel handler.
 */
final class PeerResponseObserver extends ServerCallStreamObserver<DiscoveryResponse> {
  private final ServerCallStreamObserver<DiscoveryResponse> peer;
  private final AdsStream stream;
  private volatile Runnable cacheCancelHandler = () -> { };

  PeerResponseObserver(ServerCallStreamObserver<DiscoveryResponse> peer, AdsStream stream) {
    this.peer = peer;
    this.stream = stream;
    // A single handler may be installed on a call; ours runs java-control-plane's, then closes the stream.
    peer.setOnCancelHandler(() -> {
      try {
        cacheCancelHandler.run();
      } finally {
        stream.close();
      }
    });
  }

  @Override
  public void onNext(DiscoveryResponse response) {
    stream.sending(response);
    peer.onNext(response);
  }

  @Override
  public void onError(Throwable t) {
    try {
      peer.onError(t);
    } finally {
      stream.close();
    }
  }

  @Override
  public void onCompleted() {
    try {
      peer.onCompleted();
    } finally {
      stream.close();
    }
  }

  @Override
  public boolean isCancelled() {
    return peer.isCancelled();
  }

  @Override
  public void setOnCancelHandler(Runnable onCancelHandler) {
    this.cacheCancelHandler = onCancelHandler;
  }

  @Override
  public void setCompression(String compression) {
    peer.setCompression(compression);
  }

  @Override
  public boolean isReady() {
    return peer.isReady();
  }

  @Override
  public void setOnReadyHandler(Runnable onReadyHandler) {
    peer.setOnReadyHandler(onReadyHandler);
  }

  @Override
  public void disableAutoInboundFlowControl() {
    peer.disableAutoInboundFlowControl();
  }

  @Override
  public void request(int count) {
    peer.request(count);
  }

  @Override
  public void setMessageCompression(boolean enable) {
    peer.setMessageCompression(enable);
  }
}
