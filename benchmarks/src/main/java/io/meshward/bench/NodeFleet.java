package io.meshward.bench;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N simulated sidecars spread round-robin over a few channels (HTTP/2 connections), with one shared executor for
 * every stream's callbacks (gRPC serialises the callbacks of one stream on it).
 */
final class NodeFleet implements AutoCloseable {
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub> stubs = new ArrayList<>();
  private final ExecutorService executor;
  private final List<SimulatedNode> nodes = new ArrayList<>();
  private final AtomicLong lastResponseNanos = new AtomicLong(System.nanoTime());
  private final AtomicInteger endedStreams = new AtomicInteger();
  private final AtomicInteger reportedErrors = new AtomicInteger();
  private volatile boolean closing;
  private final java.util.concurrent.atomic.AtomicIntegerArray versionChanges =
      new java.util.concurrent.atomic.AtomicIntegerArray(3);

  NodeFleet(int xdsPort, int channelCount, int executorThreads, int flowControlWindow) {
    AtomicInteger threadIds = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread thread = new Thread(r, "bench-ads-client-" + threadIds.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    this.executor = Executors.newFixedThreadPool(executorThreads, threads);
    for (int i = 0; i < channelCount; i++) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", xdsPort)
          .usePlaintext()
          .executor(executor)
          .flowControlWindow(flowControlWindow)
          .maxInboundMessageSize(64 * 1024 * 1024)
          .build();
      channels.add(channel);
      stubs.add(AggregatedDiscoveryServiceGrpc.newStub(channel));
    }
  }

  /** Creates and connects the next {@code count} nodes; they subscribe at once. */
  void open(int count, NodeNaming naming) {
    for (int i = 0; i < count; i++) {
      int index = nodes.size();
      SimulatedNode node = new SimulatedNode(naming.nodeId(index), naming.namespace(), naming.workload(index), this);
      nodes.add(node);
      node.start(stubs.get(index % stubs.size()));
    }
  }

  List<SimulatedNode> nodes() {
    return nodes;
  }

  int channelCount() {
    return channels.size();
  }

  /** How many nodes have received and ACKed their whole initial configuration. */
  int configuredCount() {
    int configured = 0;
    for (SimulatedNode node : nodes) {
      if (node.configured()) {
        configured++;
      }
    }
    return configured;
  }

  int endedStreams() {
    return endedStreams.get();
  }

  /** When the latest response arrived on any stream (System.nanoTime). */
  long lastResponseNanos() {
    return lastResponseNanos.get();
  }

  void responded(long nanos) {
    lastResponseNanos.accumulateAndGet(nanos, Math::max);
  }

  /** A node received a version of a type (CDS, LDS, RDS) other than the one it had. */
  void versionChanged(int type) {
    versionChanges.incrementAndGet(type);
  }

  /** How many times, over all nodes, a new version of the type arrived. */
  int versionChanges(int type) {
    return versionChanges.get(type);
  }

  void ended(SimulatedNode node, Throwable error) {
    if (closing) {
      return;
    }
    endedStreams.incrementAndGet();
    if (reportedErrors.incrementAndGet() <= 5) {
      System.err.println("stream of node " + node.id() + " ended: " + (error == null ? "completed by the server"
          : error));
    }
  }

  @Override
  public void close() {
    closing = true;
    for (SimulatedNode node : nodes) {
      node.cancel();
    }
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    for (ManagedChannel channel : channels) {
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    executor.shutdownNow();
  }

  /** How nodes are named and spread over workloads. */
  record NodeNaming(String namespace, int workloads) {
    String workload(int index) {
      return "w" + (index % workloads);
    }

    /** Envoy-style: sidecar~IP~POD~NAMESPACE.svc.cluster.local. */
    String nodeId(int index) {
      int ip = index + 1;
      return "sidecar~10." + ((ip >> 16) & 0xff) + "." + ((ip >> 8) & 0xff) + "." + (ip & 0xff) + "~"
          + workload(index) + "-" + Integer.toString(index / workloads, 36) + "-" + index + "~" + namespace
          + ".svc.cluster.local";
    }
  }
}
