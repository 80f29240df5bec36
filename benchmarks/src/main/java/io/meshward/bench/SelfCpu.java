package io.meshward.bench;

import java.lang.management.ManagementFactory;

/** CPU time used by this JVM (the load driver) so far. */
final class SelfCpu {
  private SelfCpu() {}

  static double seconds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }
}
