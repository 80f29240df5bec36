package io.meshward.controlplane.learn;

/**
 * The bounds of a learned graph.
 *
 * @param maxWorkloads destination workloads learned at most; flows to others are dropped and counted
 * @param maxEdgesPerWorkload edges kept per workload; new ones past it are dropped and counted
 * @param maxDistinctSegmentValues names one path position may take before it collapses to {@code *}
 * @param maxTemplateNodesPerWorkload distinct path-template prefixes remembered per workload
 */
public record LearningLimits(int maxWorkloads, int maxEdgesPerWorkload, int maxDistinctSegmentValues,
                             int maxTemplateNodesPerWorkload) {
  public LearningLimits {
    if (maxWorkloads < 1 || maxEdgesPerWorkload < 1 || maxDistinctSegmentValues < 1
        || maxTemplateNodesPerWorkload < 1) {
      throw new IllegalArgumentException("learning limits must be positive");
    }
  }

  /** 10,000 workloads of 1,000 edges; a position collapses past 50 names; 10,000 template prefixes per workload. */
  public static LearningLimits defaults() {
    return new LearningLimits(10_000, 1_000, 50, 10_000);
  }
}
