package io.meshward.bench;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One simulated Envoy sidecar on one ADS stream (state of the world). On the wire it does what Envoy does: the first
 * request subscribes to clusters and carries the node; listeners are subscribed next; once the listeners name their
 * route configurations (RDS), those are subscribed by name; every response is ACKed with its version_info and
 * response_nonce. The resources themselves are not applied, only the first listener response is read, for the names
 * of the routes.
 *
 * <p>For every type it keeps the latest version received, when it arrived and when its ACK was handed to gRPC, all
 * in {@link System#nanoTime()} of this JVM.
 */
final class SimulatedNode implements ClientResponseObserver<DiscoveryRequest, DiscoveryResponse> {
  static final String CDS_URL = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  static final String LDS_URL = "type.googleapis.com/envoy.config.listener.v3.Listener";
  static final String RDS_URL = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
  static final int CDS = 0;
  static final int LDS = 1;
  static final int RDS = 2;
  static final List<String> TYPE_NAMES = List.of("CDS", "LDS", "RDS");

  /** What a node has of one type at one moment. */
  record TypeState(String version, long receivedNanos, long ackedNanos) {}

  private final String id;
  private final Node node;
  private final NodeFleet fleet;

  // Guarded by this.
  private ClientCallStreamObserver<DiscoveryRequest> requests;
  private final String[] versions = {"", "", ""};
  private final long[] receivedNanos = new long[3];
  private final long[] ackedNanos = new long[3];
  private final int[] responses = new int[3];
  private int unchangedResponses;
  private List<String> routeNames;
  private volatile Throwable error;
  private volatile boolean ended;

  SimulatedNode(String id, String namespace, String workload, NodeFleet fleet) {
    this.id = id;
    this.fleet = fleet;
    Struct labels = Struct.newBuilder().putFields("app", string(workload)).build();
    Struct meshward = Struct.newBuilder()
        .putFields("kind", string("sidecar"))
        .putFields("namespace", string(namespace))
        .putFields("workload", string(workload))
        .putFields("serviceAccount", string(workload))
        .putFields("labels", Value.newBuilder().setStructValue(labels).build())
        .putFields("inboundPort", Value.newBuilder().setNumberValue(15006).build())
        .putFields("appPort", Value.newBuilder().setNumberValue(8080).build())
        .build();
    this.node = Node.newBuilder()
        .setId(id)
        .setCluster(workload + "." + namespace)
        .setUserAgentName("envoy")
        .setMetadata(Struct.newBuilder().putFields("meshward", Value.newBuilder().setStructValue(meshward).build()))
        .build();
  }

  String id() {
    return id;
  }

  /** Opens the stream and subscribes to clusters, then listeners. */
  void start(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub) {
    stub.streamAggregatedResources(this);
    synchronized (this) {
      requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(CDS_URL).build());
      requests.onNext(DiscoveryRequest.newBuilder().setTypeUrl(LDS_URL).build());
    }
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<DiscoveryRequest> requestStream) {
    synchronized (this) {
      this.requests = requestStream;
    }
  }

  @Override
  public void onNext(DiscoveryResponse response) {
    long received = System.nanoTime();
    int type = switch (response.getTypeUrl()) {
      case CDS_URL -> CDS;
      case LDS_URL -> LDS;
      case RDS_URL -> RDS;
      default -> -1;
    };
    List<String> subscribeRoutes = null;
    boolean changed = false;
    if (type == LDS) {
      synchronized (this) {
        if (routeNames == null) {
          routeNames = routeNames(response);
          subscribeRoutes = routeNames;
        }
      }
    }
    synchronized (this) {
      DiscoveryRequest.Builder ack = DiscoveryRequest.newBuilder()
          .setTypeUrl(response.getTypeUrl())
          .setVersionInfo(response.getVersionInfo())
          .setResponseNonce(response.getNonce());
      if (type == RDS) {
        ack.addAllResourceNames(routeNames);
      }
      requests.onNext(ack.build());
      long acked = System.nanoTime();
      if (type >= 0) {
        responses[type]++;
        if (response.getVersionInfo().equals(versions[type])) {
          unchangedResponses++;
        } else {
          changed = true;
          versions[type] = response.getVersionInfo();
          receivedNanos[type] = received;
          ackedNanos[type] = acked;
        }
      }
      if (subscribeRoutes != null && !subscribeRoutes.isEmpty()) {
        requests.onNext(DiscoveryRequest.newBuilder().setTypeUrl(RDS_URL).addAllResourceNames(subscribeRoutes)
            .build());
      }
    }
    if (changed) {
      fleet.versionChanged(type);
    }
    fleet.responded(received);
  }

  /** The route configurations the listeners' HTTP connection managers fetch over RDS, as Envoy reads them. */
  private static List<String> routeNames(DiscoveryResponse response) {
    TreeSet<String> names = new TreeSet<>();
    for (Any resource : response.getResourcesList()) {
      try {
        Listener listener = Listener.parseFrom(resource.getValue());
        List<FilterChain> chains = new ArrayList<>(listener.getFilterChainsList());
        if (listener.hasDefaultFilterChain()) {
          chains.add(listener.getDefaultFilterChain());
        }
        for (FilterChain chain : chains) {
          for (Filter filter : chain.getFiltersList()) {
            if (filter.hasTypedConfig() && filter.getTypedConfig().is(HttpConnectionManager.class)) {
              HttpConnectionManager hcm = filter.getTypedConfig().unpack(HttpConnectionManager.class);
              if (hcm.hasRds()) {
                names.add(hcm.getRds().getRouteConfigName());
              }
            }
          }
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("a listener that does not parse: " + e.getMessage(), e);
      }
    }
    return List.copyOf(names);
  }

  @Override
  public void onError(Throwable t) {
    error = t;
    ended = true;
    fleet.ended(this, t);
  }

  @Override
  public void onCompleted() {
    ended = true;
    fleet.ended(this, null);
  }

  synchronized TypeState state(int type) {
    return new TypeState(versions[type], receivedNanos[type], ackedNanos[type]);
  }

  synchronized String[] versions() {
    return versions.clone();
  }

  synchronized String version(int type) {
    return versions[type];
  }

  /** Whether the node has received and ACKed clusters, listeners and (when its listeners name any) routes. */
  synchronized boolean configured() {
    return !versions[CDS].isEmpty() && !versions[LDS].isEmpty()
        && (routeNames != null && (routeNames.isEmpty() || !versions[RDS].isEmpty()));
  }

  synchronized int responses(int type) {
    return responses[type];
  }

  synchronized int unchangedResponses() {
    return unchangedResponses;
  }

  synchronized List<String> routeNames() {
    return routeNames == null ? List.of() : routeNames;
  }

  boolean ended() {
    return ended;
  }

  Throwable error() {
    return error;
  }

  void cancel() {
    ClientCallStreamObserver<DiscoveryRequest> stream;
    synchronized (this) {
      stream = requests;
    }
    if (stream != null && !ended) {
      stream.cancel("benchmark over", null);
    }
  }

  private static Value string(String text) {
    return Value.newBuilder().setStringValue(text).build();
  }
}
