package io.meshward.bench;

import java.util.List;
import java.util.Locale;

/** Renders results for people: a text report per run and a Markdown summary of all. */
final class Report {
  private static final double MIB = 1024 * 1024;

  private Report() {}

  /** Nearest-rank percentile of sorted values; NaN when there are none. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double max(double[] sorted) {
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
  }

  static String change(AdsFanoutBenchmark.ChangeResult c, int n, Options o) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "change %d (namespace mode -> %s): API replied in %.0f ms%n", c.index,
        c.mode, c.replyMillis));
    s.append(String.format(Locale.ROOT,
        "  whole new config ACKed: p50 %.0f ms, p90 %.0f, p99 %.0f, max %.0f; within %d ms: %,d of %,d; "
            + "never ACKed: %d%n",
        percentile(c.fullAck, 50), percentile(c.fullAck, 90), percentile(c.fullAck, 99), max(c.fullAck),
        o.targetMillis, c.withinTarget, n, c.missing));
    s.append(String.format(Locale.ROOT,
        "  new listener ACKed:     p50 %.0f ms, p90 %.0f, p99 %.0f, max %.0f (received: p50 %.0f, max %.0f)%n",
        percentile(c.ldsAck, 50), percentile(c.ldsAck, 90), percentile(c.ldsAck, 99), max(c.ldsAck),
        percentile(c.ldsReceived, 50), max(c.ldsReceived)));
    s.append(String.format(Locale.ROOT,
        "  types changed per node: CDS %,d, LDS %,d, RDS %,d; server sent CDS %.0f, LDS %.0f, RDS %.0f; "
            + "server saw ACKs CDS %.0f, LDS %.0f, RDS %.0f; re-sent unchanged versions: %d%n",
        c.changedTypes[0], c.changedTypes[1], c.changedTypes[2],
        c.responsesSent.get("CDS"), c.responsesSent.get("LDS"), c.responsesSent.get("RDS"),
        c.acksSeen.get("CDS"), c.acksSeen.get("LDS"), c.acksSeen.get("RDS"), c.unchangedResponses));
    s.append(String.format(Locale.ROOT,
        "  server: %,d connected, %,d with every served type ACKed; publish passes %d, %.3f s in all "
            + "(meshward_xds_publish_seconds_max %.3f s); GC pauses %d, %.3f s%n",
        c.serverConnected, c.serverConsistent, c.publishPasses, c.publishSeconds, c.publishMaxSeconds, c.gcPauses,
        c.gcPauseSeconds));
    s.append(String.format(Locale.ROOT,
        "  CPU during the fan-out (%.2f s of samples around it): control plane %.2f s, driver %.2f s, "
            + "other processes %.2f s; until quiet: control plane %.2f s, driver %.2f s; heap max %.0f MiB",
        c.windowSeconds, c.cpCpuDuringFanout, c.driverCpuDuringFanout, c.otherCpuDuringFanout, c.cpCpuToQuiet,
        c.driverCpuToQuiet,
        c.heapMax / MIB));
    s.append(String.format(Locale.ROOT, "%n  CPU by thread until quiet, control plane: %s%n", threads(c.cpThreads)));
    s.append(String.format(Locale.ROOT, "  CPU by thread until quiet, driver: %s", threads(c.driverThreads)));
    return s.toString();
  }

  /** CPU seconds of the JIT compiler threads (C1 and C2). */
  static double jit(java.util.Map<String, Double> cpu) {
    return cpu.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre")).mapToDouble(
        java.util.Map.Entry::getValue).sum();
  }

  /** The busiest thread groups, "name 1.23 s". */
  static String threads(java.util.Map<String, Double> cpu) {
    StringBuilder s = new StringBuilder();
    int shown = 0;
    double rest = 0;
    for (java.util.Map.Entry<String, Double> entry : cpu.entrySet()) {
      if (shown < 8) {
        s.append(shown == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f s", entry.getKey(),
            entry.getValue()));
        shown++;
      } else {
        rest += entry.getValue();
      }
    }
    if (rest > 0) {
      s.append(String.format(Locale.ROOT, ", others %.2f s", rest));
    }
    return s.toString();
  }

  static String run(AdsFanoutBenchmark.RunResult r, Options o) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "--- N = %,d: %s (machine busy %.2f cores before the start)%n", r.nodes,
        r.failures.isEmpty() ? "OK" : "FAILED: " + String.join("; ", r.failures), r.busyCoresBefore));
    s.append(String.format(Locale.ROOT,
        "  %d workloads x %d rules; %d channels; policies applied in %.0f ms; all nodes configured in %.1f s "
            + "(routes %s); server: %,d connected, %,d fully ACKed%n",
        o.workloads, o.rules, r.channels, r.policyApplyMillis, r.connectSeconds, r.routeNames, r.serverConnected,
        r.serverConsistent));
    for (AdsFanoutBenchmark.ChangeResult c : r.changes) {
      s.append(String.format(Locale.ROOT,
          "  change %d -> %-7s last ACK %6.0f ms  p50 %5.0f  p90 %5.0f  p99 %5.0f  within %d ms %,d/%,d  "
              + "never %d%n",
          c.index, c.mode, max(c.fullAck), percentile(c.fullAck, 50), percentile(c.fullAck, 90),
          percentile(c.fullAck, 99), o.targetMillis, c.withinTarget, r.nodes, c.missing));
    }
    s.append(String.format(Locale.ROOT,
        "  control plane heap (-Xmx%s): max sampled %.0f MiB (while connecting %.0f MiB), after full GC %.0f MiB "
            + "(old generation: %.0f MiB live); "
            + "RSS %.0f MiB at the end, max %.0f MiB; CPU %.1f s in all (driver %.1f s); %d heap samples, "
            + "%d failed%n",
        o.xmx, r.heapMax / MIB, r.heapMaxConnect / MIB, r.heapAfterFullGc / MIB, r.oldGenAfterFullGc / MIB,
        r.rssEnd / MIB, r.rssMax / MIB,
        r.cpCpuTotal, r.driverCpuTotal, r.samples, r.samplerFailures));
    s.append("  files: ").append(r.runDir);
    return s.toString();
  }

  static String summary(List<AdsFanoutBenchmark.RunResult> results, Options o) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "Policy change -> ACK by every node (ms from just before the PUT to each node's ACK of its whole new "
            + "configuration; target %d ms). CPU during fan-out: from the last sample before the PUT to the first "
            + "after the last ACK; JIT: compiler threads of the control plane from the PUT until no response "
            + "arrived for %d ms.%n%n", o.targetMillis, o.quietMillis));
    s.append("| N | change | API reply | p50 | p90 | p99 | max = last ACK | ACKed within ").append(o.targetMillis)
        .append(" ms | never ACKed | server publish pass | CPU during fan-out: control plane / driver / other "
            + "processes | control plane JIT CPU |\n");
    s.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (AdsFanoutBenchmark.RunResult r : results) {
      for (AdsFanoutBenchmark.ChangeResult c : r.changes) {
        s.append(String.format(Locale.ROOT,
            "| %,d | %d: %s | %.0f | %.0f | %.0f | %.0f | **%.0f** | %,d / %,d | %d | %.2f s "
                + "| %.2f / %.2f / %.2f s | %.2f s |%n",
            r.nodes, c.index, c.mode, c.replyMillis, percentile(c.fullAck, 50), percentile(c.fullAck, 90),
            percentile(c.fullAck, 99), max(c.fullAck), c.withinTarget, r.nodes, c.missing, c.publishSeconds,
            c.cpCpuDuringFanout, c.driverCpuDuringFanout, c.otherCpuDuringFanout, jit(c.cpThreads)));
      }
      if (r.changes.isEmpty()) {
        s.append(String.format(Locale.ROOT, "| %,d | (none: %s) | | | | | | | | | | |%n", r.nodes,
            String.join("; ", r.failures)));
      }
    }
    s.append(String.format(Locale.ROOT, "%nControl plane memory (-Xmx%s, G1)%n%n", o.xmx));
    s.append("| N | all nodes configured in | heap max (sampled every ").append(o.sampleMillis)
        .append(" ms) | live heap after full GC (old gen) | heap used just after full GC | RSS at end | RSS max |\n");
    s.append("|---:|---:|---:|---:|---:|---:|---:|\n");
    for (AdsFanoutBenchmark.RunResult r : results) {
      s.append(String.format(Locale.ROOT, "| %,d | %.1f s | %.0f MiB | %.0f MiB | %.0f MiB | %.0f MiB | %.0f MiB |%n",
          r.nodes, r.connectSeconds, r.heapMax / MIB, r.oldGenAfterFullGc / MIB, r.heapAfterFullGc / MIB,
          r.rssEnd / MIB, r.rssMax / MIB));
    }
    return s.toString();
  }
}
