package io.meshward.controlplane.xds;

import java.util.List;

/** What happens on ADS streams, as the control plane needs to know it. Called on gRPC threads: be quick. */
interface AdsStreamListener {
  /** The stream's first request arrived, carrying the node. */
  void streamOpened(AdsStream stream);

  /** Runs {@code work} while no snapshot can be set for the stream's node. */
  void exclusively(AdsStream stream, Runnable work);

  /** The stream ended, whichever way. Called once. */
  void streamClosed(AdsStream stream);

  /** The node asked for these listeners by name (proxyless servers name theirs). */
  void listenersRequested(AdsStream stream, List<String> names);

  void responseSent(AdsStream stream, String typeUrl, String version);

  void acked(AdsStream stream, String typeUrl, String version);

  /** The node rejected {@code version}; {@code error} is its error_detail message. */
  void nacked(AdsStream stream, String typeUrl, String version, String error);
}
