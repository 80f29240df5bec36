package io.meshward.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the control plane every {@code period}: heap in use (from its /metrics), its CPU time and RSS (from /proc),
 * and this JVM's own CPU time, so that the heap's peak and who was busy when can be read afterwards.
 */
final class MetricsSampler {
  record Sample(long nanos, double heapUsed, double childCpuSeconds, double selfCpuSeconds, long rss,
                double machineBusySeconds) {}

  private final ChildControlPlane child;
  private final AdminHttp admin;
  private final long startNanos;
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "bench-metrics-sampler");
    thread.setDaemon(true);
    return thread;
  });
  private volatile int failures;

  MetricsSampler(ChildControlPlane child, long periodMillis, long startNanos) {
    this.child = child;
    this.admin = new AdminHttp(child.adminPort());
    this.startNanos = startNanos;
    executor.scheduleAtFixedRate(this::sample, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void sample() {
    try {
      long now = System.nanoTime();
      AdminHttp.Reply reply = admin.get("/metrics");
      double heap = reply.status() == 200 ? new PromText(reply.body()).heapUsed() : Double.NaN;
      Sample sample = new Sample(now, heap, child.cpuSeconds(), SelfCpu.seconds(), child.rssBytes(),
          SystemCpu.busySeconds());
      synchronized (samples) {
        samples.add(sample);
      }
    } catch (IOException | RuntimeException e) {
      failures++;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  int failures() {
    return failures;
  }

  /** The largest heap-in-use sample taken between the two instants (System.nanoTime), in bytes. */
  double maxHeap(long fromNanos, long toNanos) {
    double max = 0;
    for (Sample sample : samples()) {
      if (sample.nanos() >= fromNanos && sample.nanos() <= toNanos && sample.heapUsed() > max) {
        max = sample.heapUsed();
      }
    }
    return max;
  }

  double maxHeap() {
    return maxHeap(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  long maxRss() {
    return samples().stream().mapToLong(Sample::rss).max().orElse(-1);
  }

  void writeCsv(Path file) throws IOException {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      out.println("seconds,heap_used_mib,cp_cpu_seconds,driver_cpu_seconds,cp_rss_mib,machine_busy_cpu_seconds");
      for (Sample s : samples()) {
        out.printf(java.util.Locale.ROOT, "%.3f,%.1f,%.2f,%.2f,%.1f,%.2f%n", (s.nanos() - startNanos) / 1e9,
            s.heapUsed() / (1 << 20), s.childCpuSeconds(), s.selfCpuSeconds(), s.rss() / (double) (1 << 20),
            s.machineBusySeconds());
      }
    }
  }

  /** Stops sampling; what was sampled stays readable. */
  void stop() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
