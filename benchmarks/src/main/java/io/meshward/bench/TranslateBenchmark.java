package io.meshward.bench;

import io.meshward.controlplane.mesh.MeshState;
import io.meshward.controlplane.mesh.ModeTarget;
import io.meshward.controlplane.mesh.NodeIdentity;
import io.meshward.controlplane.mesh.NodeKind;
import io.meshward.controlplane.translate.NodeResources;
import io.meshward.controlplane.translate.Translator;
import io.meshward.controlplane.translate.TranslatorSettings;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.WorkloadPolicy;
import io.meshward.policy.yaml.PolicyCodec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Translation of one Envoy sidecar: policies + mode in, listener / routes / clusters (with content versions) out.
 * The mesh state holds as many policies as the fan-out benchmark (50 workloads), the node's own has {@code rules}
 * rules. This is what the publisher pays once per workload per change (nodes of a workload share one translation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseG1GC"})
public class TranslateBenchmark {
  @Param({"20"})
  public int rules;

  @Param({"LEARN", "ENFORCE"})
  public String mode;

  private final Translator translator = new Translator(new TranslatorSettings("127.0.0.1:18000"));
  private MeshState state;
  private NodeIdentity node;

  @Setup
  public void setUp() throws Exception {
    List<PolicyDocument> documents = new PolicyCodec().read("bench", BenchPolicies.yaml("bench", 50, rules));
    List<WorkloadPolicy> policies = documents.stream().map(WorkloadPolicy.class::cast).toList();
    state = new MeshState(1, MeshConfig.defaults(), policies,
        Map.of(ModeTarget.namespace("bench"), Mode.valueOf(mode)));
    node = new NodeIdentity("sidecar~10.0.0.1~w0-0-0~bench.svc.cluster.local", NodeKind.ENVOY_SIDECAR, "bench",
        "w0", "w0", Map.of("app", "w0"), 15006, 8080, List.of());
  }

  @Benchmark
  public NodeResources translateSidecar() {
    return translator.translate(state, node, List.of());
  }
}
