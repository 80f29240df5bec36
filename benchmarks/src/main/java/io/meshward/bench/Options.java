package io.meshward.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command-line options of {@link AdsFanoutBenchmark}. */
final class Options {
  static final String USAGE = """
      usage: java -jar meshward-benchmarks.jar [options]
        --nodes LIST          node counts to run, each with a fresh control plane (default 100,1000,5000)
        --workloads W         workloads the nodes are spread over, one WorkloadPolicy each (default 50)
        --namespace NS        their namespace (default bench)
        --rules R             ingress rules per WorkloadPolicy (default 10)
        --modes LIST          the changes to measure, namespace mode after each
                              (default enforce,learn,enforce,learn,enforce,learn,enforce)
        --xmx SIZE            the control plane's -Xmx (default 1g)
        --jvm-arg ARG         an extra JVM option for the control plane (repeatable)
        --no-gc-log           do not write the control plane's GC log (-Xlog:gc*) to the run directory
        --jfr SETTINGS        record the control plane with JFR (e.g. profile) into the run directory
        --channels C          gRPC channels (connections) for the nodes; 0 = one per 150 nodes, at most 32
        --client-threads T    threads of the executor shared by every stream's callbacks (default 4)
        --flow-window BYTES   HTTP/2 flow-control window of the client channels (default 4194304)
        --connect-batch B     nodes opened at once; each batch is configured before the next (default 500)
        --connect-timeout S   seconds for all nodes to get their first configuration (default 600)
        --change-timeout S    seconds for every node to ACK a change (default 60); a node that does not fails the run
        --quiet-ms MS         after the last node has the new listener, how long without responses ends a change
                              (default 1000)
        --pause-ms MS         pause between changes (default 3000)
        --sample-ms MS        heap sampling period (default 100)
        --target-ms MS        the latency target reported against (default 2000)
        --wait-idle S         before each N, wait up to S seconds for other processes to leave the machine idle
                              (busy under --idle-cores); 0 = do not wait (default 300)
        --idle-cores C        how busy (in cores) counts as idle (default 0.15)
        --out DIR             where reports, logs and samples go (default target/ads-fanout)
      """;

  List<Integer> nodes = List.of(100, 1000, 5000);
  int workloads = 50;
  String namespace = "bench";
  int rules = 10;
  List<String> modes = List.of("enforce", "learn", "enforce", "learn", "enforce", "learn", "enforce");
  String xmx = "1g";
  List<String> jvmArgs = new ArrayList<>();
  boolean gcLog = true;
  String jfr;
  int channels;
  int clientThreads = 4;
  int flowControlWindow = 4 * 1024 * 1024;
  int connectBatch = 500;
  Duration connectTimeout = Duration.ofSeconds(600);
  Duration changeTimeout = Duration.ofSeconds(60);
  long quietMillis = 1000;
  long pauseMillis = 3000;
  long sampleMillis = 100;
  long targetMillis = 2000;
  Path out = Path.of("target", "ads-fanout");
  long waitIdleSeconds = 300;
  double idleCores = 0.15;

  /** The options, or null when help was asked for. */
  static Options parse(String[] args) {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return null;
      }
      if (arg.equals("--no-gc-log")) {
        o.gcLog = false;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + arg);
      }
      String value = args[++i];
      switch (arg) {
        case "--nodes" -> o.nodes = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .map(s -> positive(arg, s.replace("_", ""))).toList();
        case "--workloads" -> o.workloads = positive(arg, value);
        case "--namespace" -> o.namespace = value;
        case "--rules" -> o.rules = positive(arg, value);
        case "--modes" -> o.modes = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .toList();
        case "--xmx" -> o.xmx = value;
        case "--jvm-arg" -> o.jvmArgs.add(value);
        case "--jfr" -> o.jfr = value;
        case "--channels" -> o.channels = Integer.parseInt(value);
        case "--client-threads" -> o.clientThreads = positive(arg, value);
        case "--flow-window" -> o.flowControlWindow = positive(arg, value);
        case "--connect-batch" -> o.connectBatch = positive(arg, value);
        case "--connect-timeout" -> o.connectTimeout = Duration.ofSeconds(positive(arg, value));
        case "--change-timeout" -> o.changeTimeout = Duration.ofSeconds(positive(arg, value));
        case "--quiet-ms" -> o.quietMillis = positive(arg, value);
        case "--pause-ms" -> o.pauseMillis = Long.parseLong(value);
        case "--sample-ms" -> o.sampleMillis = positive(arg, value);
        case "--target-ms" -> o.targetMillis = positive(arg, value);
        case "--out" -> o.out = Path.of(value);
        case "--wait-idle" -> o.waitIdleSeconds = Long.parseLong(value);
        case "--idle-cores" -> o.idleCores = Double.parseDouble(value);
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (o.nodes.isEmpty() || o.modes.isEmpty()) {
      throw new IllegalArgumentException("--nodes and --modes need at least one value");
    }
    return o;
  }

  private static int positive(String option, String value) {
    int number;
    try {
      number = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, got '" + value + "'");
    }
    if (number <= 0) {
      throw new IllegalArgumentException(option + " must be positive, got " + number);
    }
    return number;
  }
}
