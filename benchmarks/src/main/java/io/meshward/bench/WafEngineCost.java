package io.meshward.bench;

import io.meshward.waf.Transaction;
import io.meshward.waf.WafEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>The measured time is cut into rounds, each measuring the four requests in turn (each round starting with the
 * next one). This VM's speed swings by up to 2× within a minute (another tenant's work on the host empties the
 * caches); one long window per request let such a spell land on whichever request was being measured. The report
 * gives the median round, which a spell of a few seconds does not move, beside the mean over all rounds and the
 * fastest and slowest round, so that the spread stays visible.
 *
 * <pre>
 * java -Dmeshward.crs=../shared/crs/v4 -cp benchmarks/target/meshward-benchmarks.jar \
 *     io.meshward.bench.WafEngineCost [warm-up seconds, default 20] [measured seconds per request, default 20]
 *     [gap in microseconds between measured requests, default 0] [rounds, default 10]
 * </pre>
 */
public final class WafEngineCost {
  private WafEngineCost() {}

  public static void main(String[] args) throws Exception {
    int warmUpSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int measuredSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    long gapNanos = args.length > 2 ? Long.parseLong(args[2]) * 1000 : 0;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, not " + rounds);
    }
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
    com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) threads;
    long self = Thread.currentThread().getId();
    if (gapNanos > 0) {
      System.out.printf("each measured request followed by %d us asleep (only the requests' CPU counts)%n",
          gapNanos / 1000);
    }
    List<String> names = new ArrayList<>(kinds.keySet());
    Map<String, Tally> tallies = new LinkedHashMap<>();
    names.forEach(name -> tallies.put(name, new Tally(rounds)));
    long roundNanos = measuredSeconds * 1_000_000_000L / rounds;
    for (int round = 0; round < rounds; round++) {
      // Each round starts with the next kind: a slow spell of the VM falls on every kind alike, not on the last one.
      for (int k = 0; k < names.size(); k++) {
        String name = names.get((round + k) % names.size());
        Function<WafEngine, Transaction> kind = kinds.get(name);
        long allocatedStart = allocations.getThreadAllocatedBytes(self);
        long cpuNanos = 0;
        long runStart = threads.getCurrentThreadCpuTime();
        long end = System.nanoTime() + roundNanos;
        long count = 0;
        while (System.nanoTime() < end) {
          if (gapNanos > 0) {
            // Read per request only with a gap: back to back, one reading per round keeps the clock out of it.
            long cpuStart = threads.getCurrentThreadCpuTime();
            kind.apply(engine).close();
            cpuNanos += threads.getCurrentThreadCpuTime() - cpuStart;
            LockSupport.parkNanos(gapNanos);
          } else {
            kind.apply(engine).close();
          }
          count++;
        }
        if (gapNanos == 0) {
          cpuNanos = threads.getCurrentThreadCpuTime() - runStart;
        }
        tallies.get(name).add(cpuNanos, count, allocations.getThreadAllocatedBytes(self) - allocatedStart);
      }
    }
    System.out.printf("%d rounds of %.1f s per request; per round: the median, the mean over all rounds, the "
        + "fastest and the slowest round%n", rounds, roundNanos / 1e9);
    tallies.forEach((name, tally) -> System.out.printf(
        "%-24s %,10.1f us CPU per request (median; mean %,.1f, rounds %,.1f-%,.1f), %,8.1f KB allocated "
            + "(%,d requests)%n", name, tally.median(), tally.mean(), tally.fastest(), tally.slowest(),
        tally.kilobytesEach(), tally.requests));
    long retainedAfter = usedHeapAfterGc(runtime) - heapBefore;
    System.out.printf("heap retained after the run (lazily built automata included): %.1f MiB%n",
        retainedAfter / 1048576.0);
    java.lang.ref.Reference.reachabilityFence(engine);
  }

  /** One request kind's rounds: CPU per request in each, and the totals. */
  private static final class Tally {
    private final double[] microsPerRound;
    private int rounds;
    private long cpuNanos;
    private long requests;
    private long allocatedBytes;

    Tally(int rounds) {
      this.microsPerRound = new double[rounds];
    }

    void add(long cpuNanos, long requests, long allocatedBytes) {
      microsPerRound[rounds++] = cpuNanos / 1000.0 / requests;
      this.cpuNanos += cpuNanos;
      this.requests += requests;
      this.allocatedBytes += allocatedBytes;
    }

    double median() {
      double[] sorted = Arrays.copyOf(microsPerRound, rounds);
      Arrays.sort(sorted);
      return rounds % 2 == 1 ? sorted[rounds / 2] : (sorted[rounds / 2 - 1] + sorted[rounds / 2]) / 2;
    }

    double mean() {
      return cpuNanos / 1000.0 / requests;
    }

    double fastest() {
      return Arrays.stream(microsPerRound, 0, rounds).min().orElseThrow();
    }

    double slowest() {
      return Arrays.stream(microsPerRound, 0, rounds).max().orElseThrow();
    }

    double kilobytesEach() {
      return allocatedBytes / 1024.0 / requests;
    }
  }

  private static long usedHeapAfterGc(Runtime runtime) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
