package io.meshward.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the whole machine has been busy (all processes, all cores), from the first line of /proc/stat, so that
 * CPU taken by processes other than the control plane and the driver can be told apart: they share the machine.
 */
final class SystemCpu {
  private static final double CLOCK_TICKS_PER_SECOND = 100.0;

  private SystemCpu() {}

  /** Busy CPU seconds since boot: user + nice + system + irq + softirq + steal; NaN when unreadable. */
  static double busySeconds() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = line.trim().split("\\s+");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        if (i < f.length) {
          busy += Long.parseLong(f[i]);
        }
      }
      return busy / CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * Waits until, over a few seconds, the machine is busy less than {@code maxBusyCores} cores' worth, or
   * {@code maxWaitSeconds} have passed. Returns the busy cores of the last window.
   */
  static double awaitIdle(double maxBusyCores, long maxWaitSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + maxWaitSeconds * 1_000_000_000L;
    boolean told = false;
    while (true) {
      double before = busySeconds();
      long start = System.nanoTime();
      Thread.sleep(3000);
      double busyCores = (busySeconds() - before) / ((System.nanoTime() - start) / 1e9);
      if (Double.isNaN(busyCores) || busyCores <= maxBusyCores) {
        return busyCores;
      }
      if (System.nanoTime() > deadline) {
        System.out.printf(java.util.Locale.ROOT, "WARNING: the machine is still busy (%.2f cores used by other "
            + "processes); measuring anyway, expect noise%n", busyCores);
        return busyCores;
      }
      if (!told) {
        System.out.printf(java.util.Locale.ROOT, "waiting for the machine to be idle (%.2f cores busy now, "
            + "at most %ds)...%n", busyCores, maxWaitSeconds);
        told = true;
      }
    }
  }
}
