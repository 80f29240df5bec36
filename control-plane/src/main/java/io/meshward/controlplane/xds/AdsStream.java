package io.meshward.controlplane.xds;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.controlplane.cache.Resources;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.meshward.controlplane.mesh.NodeIdentity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One ADS stream, seen from between the network and java-control-plane. It fixes two things java-control-plane
 * 1.0.49 gets wrong with real peers:
 * <ul>
 *   <li>grpc-java sends the node only in a stream's first request; the cache groups requests by node, so every later
 *       request gets the first one's node filled in;</li>
 *   <li>after a NACK the peer reports its last accepted version, which the cache takes as out of date and answers
 *       with the rejected snapshot again, in a loop. A NACK of the latest response is forwarded with the rejected
 *       version instead, so the cache waits for a new snapshot; the NACK itself is reported to the listener.</li>
 * </ul>
 */
final class AdsStream {
  private final long id;
  private final AdsStreamListener listener;
  private final Map<String, Sent> lastSent = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  // Written once by the first request; requests of one stream arrive one at a time.
  private volatile Node node;
  private volatile NodeIdentity identity;
  private volatile List<String> requestedListeners = List.of();

  AdsStream(long id, AdsStreamListener listener) {
    this.id = id;
    this.listener = listener;
  }

  long id() {
    return id;
  }

  /** Null until the first request arrived. */
  NodeIdentity identity() {
    return identity;
  }

  /**
   * Wraps java-control-plane's request observer: requests pass through this stream first.
   */
  StreamObserver<DiscoveryRequest> inbound(StreamObserver<DiscoveryRequest> cacheSide) {
    return new StreamObserver<>() {
      @Override
      public void onNext(DiscoveryRequest request) {
        DiscoveryRequest forwarded = accept(request);
        if (forwarded == null) {
          // java-control-plane closes the call with this status, through the peer observer.
          cacheSide.onError(Status.INVALID_ARGUMENT
              .withDescription("the first request of an ADS stream must carry node.id")
              .asRuntimeException());
          return;
        }
        // Under the node's lock, so that no snapshot lacking the listeners just asked for can be set between the
        // moment we learn the names and the moment the cache opens its watch (java-control-plane drops a watch it
        // cannot answer, and the peer would wait forever).
        listener.exclusively(AdsStream.this, () -> {
          noteRequestedListeners(request);
          cacheSide.onNext(forwarded);
        });
      }

      @Override
      public void onError(Throwable t) {
        try {
          cacheSide.onError(t);
        } finally {
          close();
        }
      }

      @Override
      public void onCompleted() {
        try {
          cacheSide.onCompleted();
        } finally {
          close();
        }
      }
    };
  }

  /** Returns the request to forward to the cache, or null when the stream must be refused. */
  DiscoveryRequest accept(DiscoveryRequest request) {
    DiscoveryRequest.Builder forwarded = null;
    if (node == null) {
      if (!request.hasNode() || request.getNode().getId().isEmpty()) {
        return null;
      }
      node = request.getNode();
      identity = NodeIdentities.fromNode(node);
      listener.streamOpened(this);
    } else if (!request.hasNode()) {
      forwarded = request.toBuilder().setNode(node);
    }

    String typeUrl = request.getTypeUrl();
    Sent sent = lastSent.get(typeUrl);
    boolean answersLatest = sent != null && sent.nonce().equals(request.getResponseNonce());
    if (answersLatest && request.hasErrorDetail()) {
      listener.nacked(this, typeUrl, sent.version(), request.getErrorDetail().getMessage());
      forwarded = (forwarded != null ? forwarded : request.toBuilder()).setVersionInfo(sent.version());
    } else if (answersLatest) {
      listener.acked(this, typeUrl, request.getVersionInfo());
    }

    return forwarded != null ? forwarded.build() : request;
  }

  private void noteRequestedListeners(DiscoveryRequest request) {
    if (Resources.V3.LISTENER_TYPE_URL.equals(request.getTypeUrl())
        && !request.getResourceNamesList().equals(requestedListeners)) {
      requestedListeners = List.copyOf(request.getResourceNamesList());
      listener.listenersRequested(this, requestedListeners);
    }
  }

  /** Records a response on its way to the peer, so that its ACK or NACK can be recognised. */
  void sending(DiscoveryResponse response) {
    lastSent.put(response.getTypeUrl(), new Sent(response.getNonce(), response.getVersionInfo()));
    listener.responseSent(this, response.getTypeUrl(), response.getVersionInfo());
  }

  void close() {
    if (closed.compareAndSet(false, true) && node != null) {
      listener.streamClosed(this);
    }
  }

  private record Sent(String nonce, String version) {}
}
