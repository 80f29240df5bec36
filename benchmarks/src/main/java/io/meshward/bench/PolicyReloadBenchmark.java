package io.meshward.bench;

import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.yaml.PolicyCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding every stored policy document, one by one, from its canonical YAML: what the control plane does on
 * every change before it publishes anything, a mode change included (PolicyService reloads its whole state from the
 * store). With the fan-out benchmark's 50 policies of 10 rules.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseG1GC"})
public class PolicyReloadBenchmark {
  @Param({"50"})
  public int policies;

  @Param({"10"})
  public int rules;

  private final PolicyCodec codec = new PolicyCodec();
  private final List<String> stored = new ArrayList<>();

  @Setup
  public void setUp() throws Exception {
    for (PolicyDocument document : codec.read("bench", BenchPolicies.yaml("bench", policies, rules))) {
      stored.add(codec.write(document));
    }
  }

  @Benchmark
  public List<PolicyDocument> decodeAllStoredPolicies() throws Exception {
    List<PolicyDocument> decoded = new ArrayList<>(stored.size());
    for (String yaml : stored) {
      decoded.addAll(codec.read("store", yaml));
    }
    return decoded;
  }
}
