package io.meshward.bench;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.RequestMethod;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.data.accesslog.v3.AccessLogCommon;
import io.envoyproxy.envoy.data.accesslog.v3.HTTPAccessLogEntry;
import io.envoyproxy.envoy.data.accesslog.v3.HTTPRequestProperties;
import io.envoyproxy.envoy.service.accesslog.v3.AccessLogServiceGrpc;
import io.envoyproxy.envoy.service.accesslog.v3.StreamAccessLogsMessage;
import io.envoyproxy.envoy.service.accesslog.v3.StreamAccessLogsResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.meshward.controlplane.ControlPlane;
import io.meshward.controlplane.ControlPlaneConfig;
import io.meshward.controlplane.learn.EdgeHistory;
import io.meshward.controlplane.learn.LearnedGraph;
import io.meshward.controlplane.learn.LearningLimits;
import io.meshward.controlplane.learn.Observation;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Issue 7's learning benchmarks.
 *
 * <ul>
 *   <li>{@code memory}: the heap a learned graph of 10,000 workloads with 20 edges each retains (target: under
 *       500 MB);
 *   <li>{@code ingest [SECONDS] [STREAMS]}: access-log entries per second a real control plane on loopback learns
 *       from Envoy-shaped gRPC streams (100 entries per message, 50 workloads, paths with ids), and the heap after
 *       (target: at least 200,000 entries per second).
 * </ul>
 */
public final class LearningLoad {
  private LearningLoad() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "memory";
    if (mode.equals("memory")) {
      memory();
    } else {
      ingest(args.length > 1 ? Integer.parseInt(args[1]) : 20, args.length > 2 ? Integer.parseInt(args[2]) : 4);
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void memory() throws InterruptedException {
    long before = usedHeapAfterGc();
    LearnedGraph graph = new LearnedGraph(new LearningLimits(20_000, 1_000, 50, 10_000));
    Instant now = Instant.now();
    for (int w = 0; w < 10_000; w++) {
      String workload = "ns" + (w % 100) + "/workload-" + w;
      for (int e = 0; e < 20; e++) {
        String principal = "spiffe://cluster.local/ns/ns" + (e % 7) + "/sa/caller-" + e;
        graph.observe(new Observation(now, principal, "10.0." + (e % 250) + "." + (w % 250), workload, 8080,
            "http", e % 3 == 0 ? "POST" : "GET", "/api/v1/resource-" + e + "/" + (w * 31 + e) + "/items"));
      }
    }
    long after = usedHeapAfterGc();
    int edges = 0;
    for (String workload : graph.workloads()) {
      List<EdgeHistory> list = graph.edges(workload);
      edges += list.size();
    }
    System.out.printf("learned graph: %d workloads, %d edges, retained heap %.1f MB (%.0f bytes per edge)%n",
        graph.workloadCount(), edges, (after - before) / 1e6, (after - before) / (double) edges);
  }

  private static void ingest(int seconds, int streams) throws Exception {
    Path data = Files.createTempDirectory("meshward-learning-load-");
    try (ControlPlane controlPlane = ControlPlane.start(ControlPlaneConfig.defaults().withDataDir(data)
        .withXdsAddress(new InetSocketAddress("127.0.0.1", 0))
        .withAdminAddress(new InetSocketAddress("127.0.0.1", 0)))) {
      LearnedGraph graph = controlPlane.learning().graph();
      List<StreamAccessLogsMessage> messages = messages();
      List<Thread> senders = new ArrayList<>();
      long[] sent = new long[streams];
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      long warmupEnd = System.nanoTime() + 5_000_000_000L;
      long[] atWarmup = new long[1];
      for (int s = 0; s < streams; s++) {
        int index = s;
        Thread sender = new Thread(() -> sent[index] = send(controlPlane.xdsPort(), messages, index, deadline));
        sender.start();
        senders.add(sender);
      }
      while (System.nanoTime() < warmupEnd) {
        Thread.sleep(50);
      }
      long measuredFrom = System.nanoTime();
      atWarmup[0] = learned(graph);
      long cpuBefore = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
          .getProcessCpuTime();
      for (Thread sender : senders) {
        sender.join();
      }
      long measuredTo = System.nanoTime();
      long learned = learned(graph) - atWarmup[0];
      long cpu = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
          .getProcessCpuTime() - cpuBefore;
      double wall = (measuredTo - measuredFrom) / 1e9;
      long total = 0;
      for (long n : sent) {
        total += n;
      }
      System.out.printf("ingest: %d streams, %.1f s measured (after 5 s warm-up): %,.0f entries/s learned;"
              + " %,d entries sent in all; process CPU %.1f s (%.2f cores, senders included); %d workloads;"
              + " heap after GC %.1f MB%n",
          streams, wall, learned / wall, total, cpu / 1e9, cpu / 1e9 / wall, graph.workloadCount(),
          usedHeapAfterGc() / 1e6);
    } finally {
      try (var files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static long learned(LearnedGraph graph) {
    long n = 0;
    for (LearnedGraph.Outcome outcome : LearnedGraph.Outcome.values()) {
      n += graph.count(outcome);
    }
    return n;
  }

  /** 50 workloads' worth of messages, 100 entries each, paths with ids so that templating does its work. */
  private static List<StreamAccessLogsMessage> messages() {
    List<StreamAccessLogsMessage> messages = new ArrayList<>();
    for (int m = 0; m < 500; m++) {
      StreamAccessLogsMessage.HTTPAccessLogEntries.Builder entries =
          StreamAccessLogsMessage.HTTPAccessLogEntries.newBuilder();
      for (int e = 0; e < 100; e++) {
        int n = m * 100 + e;
        entries.addLogEntry(HTTPAccessLogEntry.newBuilder()
            .setCommonProperties(AccessLogCommon.newBuilder()
                .setDownstreamRemoteAddress(address("10.1." + (n % 20) + ".7", 40000))
                .setDownstreamLocalAddress(address("10.2.0.9", 8080)))
            .setRequest(HTTPRequestProperties.newBuilder()
                .setRequestMethod(n % 4 == 0 ? RequestMethod.POST : RequestMethod.GET)
                .setPath("/api/v2/customers/" + (n * 7919) + "/orders/" + Integer.toHexString(n * 31 + 0x10000000)
                    + "?page=" + (n % 5))));
      }
      messages.add(StreamAccessLogsMessage.newBuilder().setHttpLogs(entries).build());
    }
    return messages;
  }

  private static Node node(int workload) {
    return Node.newBuilder().setId("sidecar-" + workload)
        .setMetadata(Struct.newBuilder().putFields("meshward", Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("kind", Value.newBuilder().setStringValue("sidecar").build())
            .putFields("namespace", Value.newBuilder().setStringValue("shop").build())
            .putFields("workload", Value.newBuilder().setStringValue("service-" + workload).build())).build()))
        .build();
  }

  /** One sidecar's stream: flow-controlled (sends when the transport is ready), until the deadline. */
  private static long send(int port, List<StreamAccessLogsMessage> messages, int stream, long deadline) {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    long entries = 0;
    try {
      for (int workload = stream; System.nanoTime() < deadline; workload += 1000) {
        CountDownLatch done = new CountDownLatch(1);
        long[] count = new long[1];
        int w = workload % 50;
        AccessLogServiceGrpc.newStub(channel).streamAccessLogs(
            new ClientResponseObserver<StreamAccessLogsMessage, StreamAccessLogsResponse>() {
              private int next;
              private boolean first = true;

              @Override
              public void beforeStart(ClientCallStreamObserver<StreamAccessLogsMessage> requests) {
                requests.setOnReadyHandler(() -> {
                  while (requests.isReady()) {
                    if (System.nanoTime() >= deadline || next >= 20_000) {
                      requests.onCompleted();
                      return;
                    }
                    StreamAccessLogsMessage message = messages.get(next++ % messages.size());
                    if (first) {
                      message = message.toBuilder().setIdentifier(StreamAccessLogsMessage.Identifier.newBuilder()
                          .setNode(node(w)).setLogName("bench")).build();
                      first = false;
                    }
                    requests.onNext(message);
                    count[0] += 100;
                  }
                });
              }

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
        done.await(120, TimeUnit.SECONDS);
        entries += count[0];
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      channel.shutdownNow();
    }
    return entries;
  }

  private static Address address(String ip, int port) {
    return Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress(ip).setPortValue(port))
        .build();
  }
}
