package io.meshward.bench;

import io.meshward.waf.Transaction;
import io.meshward.waf.WafEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * What the WAF engine costs, measured the way the ModSecurity reference numbers are stated: the time to load CRS v4,
 * the heap the loaded engine retains, and the CPU time of this thread per request (thread CPU, so that other
 * processes on the machine do not inflate it, as they do wall-clock averages) for the four reference requests, with
 * the bytes each request allocates.
 *
 * <p>With a gap (third argument, microseconds), the thread sleeps that long after each measured request, and only
 * the requests' own CPU time counts. A server under load is idle between requests most of the time, and on this
 * VM an idle core loses what its caches held of the rules: the same GET costs about twice the CPU with a 400 µs
 * gap as back to back. The gap-less figure is the engine's best case; the gapped one is what a service pays.
 *
 * <pre>
 * java -Dmeshward.crs=../shared/crs/v4 -cp benchmarks/target/meshward-benchmarks.jar \
 *     io.meshward.bench.WafEngineCost [warm-up seconds, default 20] [measured seconds per request, default 20]
 *     [gap in microseconds between measured requests, default 0]
 * </pre>
 */
public final class WafEngineCost {
  private WafEngineCost() {}

  public static void main(String[] args) throws Exception {
    int warmUpSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int measuredSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    long gapNanos = args.length > 2 ? Long.parseLong(args[2]) * 1000 : 0;
    Runtime runtime = Runtime.getRuntime();
    long heapBefore = usedHeapAfterGc(runtime);
    long loadStart = System.nanoTime();
    WafEngine engine = WafRequests.loadEngine();
    long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
    long retained = usedHeapAfterGc(runtime) - heapBefore;
    System.out.printf("CRS v4 load: %d ms; heap retained by the loaded engine: %.1f MiB%n", loadMillis,
        retained / 1048576.0);

    WafRequests requests = new WafRequests();
    Map<String, Function<WafEngine, Transaction>> kinds = new LinkedHashMap<>();
    kinds.put("benign GET", WafRequests::benignGet);
    kinds.put("benign form POST 1 KB", requests::benignForm);
    kinds.put("benign JSON POST 4 KB", requests::benignJson);
    kinds.put("SQLi GET (blocked)", WafRequests::blockedSqli);

    long warmUpEnd = System.nanoTime() + warmUpSeconds * 1_000_000_000L;
    while (System.nanoTime() < warmUpEnd) {
      for (Function<WafEngine, Transaction> kind : kinds.values()) {
        kind.apply(engine).close();
      }
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    // Bytes allocated per request too: under load they decide how often the collector pauses the service.
    com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) threads;
    long self = Thread.currentThread().getId();
    if (gapNanos > 0) {
      System.out.printf("each measured request followed by %d us asleep (only the requests' CPU counts)%n",
          gapNanos / 1000);
    }
    for (Map.Entry<String, Function<WafEngine, Transaction>> kind : kinds.entrySet()) {
      long allocatedStart = allocations.getThreadAllocatedBytes(self);
      long cpuNanos = 0;
      long runStart = threads.getCurrentThreadCpuTime();
      long end = System.nanoTime() + measuredSeconds * 1_000_000_000L;
      long count = 0;
      while (System.nanoTime() < end) {
        if (gapNanos > 0) {
          // Read per request only with a gap: back to back, one reading per run keeps the clock out of the figure.
          long cpuStart = threads.getCurrentThreadCpuTime();
          kind.getValue().apply(engine).close();
          cpuNanos += threads.getCurrentThreadCpuTime() - cpuStart;
          LockSupport.parkNanos(gapNanos);
        } else {
          kind.getValue().apply(engine).close();
        }
        count++;
      }
      if (gapNanos == 0) {
        cpuNanos = threads.getCurrentThreadCpuTime() - runStart;
      }
      double microsEach = cpuNanos / 1000.0 / count;
      double kilobytesEach = (allocations.getThreadAllocatedBytes(self) - allocatedStart) / 1024.0 / count;
      System.out.printf("%-24s %,10.1f us CPU per request, %,8.1f KB allocated (%,d requests)%n", kind.getKey(),
          microsEach, kilobytesEach, count);
    }
    long retainedAfter = usedHeapAfterGc(runtime) - heapBefore;
    System.out.printf("heap retained after the run (lazily built automata included): %.1f MiB%n",
        retainedAfter / 1048576.0);
    java.lang.ref.Reference.reachabilityFence(engine);
  }

  private static long usedHeapAfterGc(Runtime runtime) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
