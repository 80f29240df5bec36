package io.meshward.waf.service.inspect;

/**
 * How many inspections run at once and how many may wait for one of them.
 *
 * <p>Requests do not arrive evenly: a proxy that paused for a few milliseconds (its collector, a busy core) sends
 * what it held back in one burst. Without a wait, every request of such a burst past the running limit got the fail
 * policy, uninspected, while the cores were about to be free again. Waiting is bounded twice: by {@code waiting},
 * and by each request's time budget, which runs from its arrival, so a request that waited its whole budget is
 * answered with the timeout outcome and never inspected.
 *
 * @param running inspections running at once (an inspection is CPU work: more than a few per core only adds latency)
 * @param waiting inspections that may wait for a running one to end; beyond, the overload answer comes at once
 */
public record InspectionLimits(int running, int waiting) {
  public InspectionLimits {
    if (running < 1) {
      throw new IllegalArgumentException("the concurrency limit must be at least 1, not " + running);
    }
    if (waiting < 0) {
      throw new IllegalArgumentException("the number of waiting inspections cannot be negative: " + waiting);
    }
  }

  /** 4 running and 16 waiting per core. */
  public static InspectionLimits perCore(int cores) {
    return new InspectionLimits(4 * cores, 16 * cores);
  }
}
