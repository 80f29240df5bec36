package io.meshward.controlplane.xds;

import java.util.List;

/**
 * Routes stream events to the node registry, and from there to the publisher when a node needs new resources.
 */
public final class XdsEvents implements AdsStreamListener {
  private final NodeRegistry registry;
  private final SnapshotPublisher publisher;

  public XdsEvents(NodeRegistry registry, SnapshotPublisher publisher) {
    this.registry = registry;
    this.publisher = publisher;
  }

  @Override
  public void streamOpened(AdsStream stream) {
    registry.streamOpened(stream);
    publisher.refresh(stream.identity().nodeId());
  }

  @Override
  public void exclusively(AdsStream stream, Runnable work) {
    NodeRecord record = registry.record(stream.identity().nodeId()).orElse(null);
    if (record == null) {
      work.run();
      return;
    }
    synchronized (record) {
      work.run();
    }
  }

  @Override
  public void streamClosed(AdsStream stream) {
    if (registry.streamClosed(stream)) {
      publisher.disconnected(stream.identity().nodeId());
    }
  }

  @Override
  public void listenersRequested(AdsStream stream, List<String> names) {
    if (registry.listenersRequested(stream, names)) {
      publisher.refresh(stream.identity().nodeId());
    }
  }

  @Override
  public void responseSent(AdsStream stream, String typeUrl, String version) {
    registry.responseSent(stream, typeUrl, version);
  }

  @Override
  public void acked(AdsStream stream, String typeUrl, String version) {
    registry.acked(stream, typeUrl, version);
  }

  @Override
  public void nacked(AdsStream stream, String typeUrl, String version, String error) {
    registry.nacked(stream, typeUrl, version, error);
  }
}
