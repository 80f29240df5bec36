package io.meshward.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Two builds of the engine compared in one JVM: each is loaded by a class loader of its own (its classes directory
 * first, then this jar), and the two run one of {@link WafEngineCost}'s requests in alternating slices. A VM whose
 * speed drifts by a third within the hour (see {@link MachineSpeed}) slows both alike, so their ratio means something
 * even when the absolute numbers do not. Run the same directory as both to see the harness's own spread: 2 % here.
 *
 * <p>Both are warmed up on all four requests in turn, as {@link WafEngineCost} is, so that the JIT compiles for the
 * mix a service sees, not for the one request measured.
 *
 * <p>Usage, from {@code benchmarks/}: {@code java -Xmx3g -Dmeshward.crs=../../shared/crs/v4 -cp
 * target/meshward-benchmarks.jar io.meshward.bench.WafEngineAB get|form|json|sqli|mix ROUNDS SLICE_MS DIR_A DIR_B}
 * ({@code mix}: the four in turn, per round of four),
 * where a directory holds a build's compiled engine ({@code waf-filter/target/classes}, copied aside). Prints CPU
 * and allocation per request of each, and B's CPU over A's.
 */
public final class WafEngineAB {
  private WafEngineAB() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: WafEngineAB get|form|json|sqli|mix ROUNDS SLICE_MS DIR_A DIR_B");
      System.exit(2);
    }
    String request = args[0];
    int rounds = Integer.parseInt(args[1]);
    long sliceMillis = Long.parseLong(args[2]);
    URL jar = WafEngineAB.class.getProtectionDomain().getCodeSource().getLocation();
    Method[] slice = new Method[2];
    for (int variant = 0; variant < 2; variant++) {
      URL[] path = {Path.of(args[3 + variant]).toUri().toURL(), jar};
      ClassLoader loader = new URLClassLoader("variant-" + variant, path, ClassLoader.getPlatformClassLoader());
      Class<?> slices = Class.forName(Slices.class.getName(), true, loader);
      slices.getMethod("load").invoke(null);
      slice[variant] = slices.getMethod("run", String.class, long.class);
    }
    // Warmed up on all four requests, as WafEngineCost is: the JIT compiles for the mix, as a service would.
    for (int warmUp = 0; warmUp < 4; warmUp++) {
      for (Method each : slice) {
        each.invoke(null, "mix", 3_000L);
      }
    }
    double[] cpu = new double[2];
    double[] requests = new double[2];
    double[] allocated = new double[2];
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < 2; k++) {
        int variant = round % 2 == 0 ? k : 1 - k; // A first in even rounds, B first in odd ones
        long[] measured = (long[]) slice[variant].invoke(null, request, sliceMillis);
        cpu[variant] += measured[0];
        requests[variant] += measured[1];
        allocated[variant] += measured[2];
      }
    }
    System.out.printf("%s: A %.1f us (%.1f KB)  B %.1f us (%.1f KB)  B/A %.3f  [%d rounds of %d ms each]%n", request,
        cpu[0] / 1000 / requests[0], allocated[0] / 1024 / requests[0], cpu[1] / 1000 / requests[1],
        allocated[1] / 1024 / requests[1], (cpu[1] / requests[1]) / (cpu[0] / requests[0]), rounds, sliceMillis);
  }

  /** Loaded once per variant: its engine lives in its class loader's copy of this class. */
  public static final class Slices {
    private static io.meshward.waf.WafEngine engine;
    private static WafRequests requests;

    private Slices() {}

    public static void load() throws Exception {
      engine = WafRequests.loadEngine();
      requests = new WafRequests();
    }

    /** Runs the request for about {@code millis}; returns CPU nanoseconds, requests and bytes allocated. */
    public static long[] run(String request, long millis) {
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
      long thread = Thread.currentThread().getId();
      long cpu = threads.getCurrentThreadCpuTime();
      long allocated = threads.getThreadAllocatedBytes(thread);
      long end = System.nanoTime() + millis * 1_000_000L;
      long count = 0;
      while (System.nanoTime() < end) {
        if (request.equals("mix")) {
          WafRequests.benignGet(engine).close();
          requests.benignForm(engine).close();
          requests.benignJson(engine).close();
          WafRequests.blockedSqli(engine).close();
        } else {
          switch (request) {
            case "form" -> requests.benignForm(engine).close();
            case "json" -> requests.benignJson(engine).close();
            case "sqli" -> WafRequests.blockedSqli(engine).close();
            default -> WafRequests.benignGet(engine).close();
          }
        }
        count++;
      }
      return new long[] {threads.getCurrentThreadCpuTime() - cpu, count,
          threads.getThreadAllocatedBytes(thread) - allocated};
    }
  }
}
