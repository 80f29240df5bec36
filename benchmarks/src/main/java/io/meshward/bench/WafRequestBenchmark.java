package io.meshward.bench;

import io.meshward.waf.Transaction;
import io.meshward.waf.WafEngine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One request through the whole CRS v4 (paranoia level 1, default set-up), single-threaded, so that the average
 * time is the CPU time per request that the ModSecurity reference numbers measure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseG1GC"})
public class WafRequestBenchmark {
  private WafEngine engine;
  private WafRequests requests;

  @Setup
  public void load() throws Exception {
    engine = WafRequests.loadEngine();
    requests = new WafRequests();
    // The benign requests must pass and the attack must be blocked, or the numbers mean nothing.
    check(WafRequests.benignGet(engine), false, "benign GET");
    check(requests.benignForm(engine), false, "benign form POST");
    check(requests.benignJson(engine), false, "benign JSON POST");
    check(WafRequests.blockedSqli(engine), true, "SQLi GET");
  }

  private static void check(Transaction tx, boolean blocked, String what) {
    if (tx.interruption().isPresent() != blocked) {
      throw new IllegalStateException(what + (blocked ? " was not blocked" : " was blocked: ")
          + tx.matchedRules().stream().filter(r -> r.log()).map(r -> r.id() + " " + r.message()).toList());
    }
  }

  @Benchmark
  public Transaction benignGet() {
    return close(WafRequests.benignGet(engine));
  }

  @Benchmark
  public Transaction benignForm1k() {
    return close(requests.benignForm(engine));
  }

  @Benchmark
  public Transaction benignJson4k() {
    return close(requests.benignJson(engine));
  }

  @Benchmark
  public Transaction blockedSqliGet() {
    return close(WafRequests.blockedSqli(engine));
  }

  private static Transaction close(Transaction tx) {
    tx.close();
    return tx;
  }
}
