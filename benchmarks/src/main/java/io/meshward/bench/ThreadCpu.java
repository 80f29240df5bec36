package io.meshward.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time per thread of a process, from /proc/PID/task/TID/stat, so that the CPU a change costs can be split by
 * who spent it (publisher, gRPC event loops, GC, JIT, ...). Thread names are the kernel's (15 characters at most),
 * with digits folded so that pools add up.
 */
final class ThreadCpu {
  private static final double CLOCK_TICKS_PER_SECOND = 100.0;

  private final Map<Long, String> names;
  private final Map<Long, Long> ticks;

  private ThreadCpu(Map<Long, String> names, Map<Long, Long> ticks) {
    this.names = names;
    this.ticks = ticks;
  }

  static ThreadCpu of(long pid) {
    Map<Long, String> names = new HashMap<>();
    Map<Long, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String[] fields = stat.substring(close + 2).split(" ");
          long tid = Long.parseLong(task.getFileName().toString());
          names.put(tid, stat.substring(open + 1, close));
          ticks.put(tid, Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]));
        } catch (IOException | RuntimeException e) {
          // The thread ended meanwhile.
        }
      }
    } catch (IOException e) {
      // The process is gone.
    }
    return new ThreadCpu(names, ticks);
  }

  /** CPU seconds spent since {@code earlier}, per thread group, largest first. */
  Map<String, Double> since(ThreadCpu earlier) {
    Map<String, Double> groups = new HashMap<>();
    for (Map.Entry<Long, Long> entry : ticks.entrySet()) {
      long before = earlier.ticks.getOrDefault(entry.getKey(), 0L);
      long spent = entry.getValue() - before;
      if (spent > 0) {
        String group = names.get(entry.getKey()).replaceAll("[0-9]+", "#");
        groups.merge(group, spent / CLOCK_TICKS_PER_SECOND, Double::sum);
      }
    }
    Map<String, Double> sorted = new LinkedHashMap<>();
    groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }
}
