package io.meshward.policy.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy of the workloads its selector picks in its namespace: their mode, who may call them (the ingress
 * allowlist) and how their traffic is inspected.
 */
public record WorkloadPolicy(ObjectMeta metadata, Spec spec) implements PolicyDocument {
  public static final String KIND = "WorkloadPolicy";

  public WorkloadPolicy {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String kind() {
    return KIND;
  }

  /**
   * @param selector which workloads of the namespace this policy governs
   * @param mode the mode of those workloads; empty to inherit the mesh default
   * @param ingress the allowlist, in the order written
   * @param profiles WAF and DLP profile names; empty to use the mesh defaults
   * @param autoPromotion the selected workloads' own auto-promotion settings; empty to use the mesh config's
   */
  public record Spec(Selector selector, Optional<Mode> mode, List<IngressRule> ingress, Profiles profiles,
                     Optional<MeshConfig.AutoPromotion> autoPromotion) {
    public Spec {
      Objects.requireNonNull(selector, "selector");
      mode = mode == null ? Optional.empty() : mode;
      ingress = Collections2.copyOf(ingress);
      profiles = profiles == null ? Profiles.NONE : profiles;
      autoPromotion = autoPromotion == null ? Optional.empty() : autoPromotion;
    }

    /** A spec that leaves auto-promotion to the mesh config. */
    public Spec(Selector selector, Optional<Mode> mode, List<IngressRule> ingress, Profiles profiles) {
      this(selector, mode, ingress, profiles, Optional.empty());
    }
  }

  /**
   * Picks workloads by name or by labels, never both. {@code matchLabels: {}} picks every workload of the namespace.
   *
   * @param workload a workload name, or empty
   * @param matchLabels labels a workload must all carry, or empty when selecting by name
   */
  public record Selector(Optional<String> workload, Optional<Map<String, String>> matchLabels) {
    public Selector {
      workload = workload == null ? Optional.empty() : workload;
      matchLabels = matchLabels == null ? Optional.empty() : matchLabels.map(Collections2::copyOfOrdered);
    }

    public static Selector byWorkload(String name) {
      return new Selector(Optional.of(name), Optional.empty());
    }

    public static Selector byLabels(Map<String, String> labels) {
      return new Selector(Optional.empty(), Optional.of(labels));
    }

    /** Whether a workload with this name and these labels is selected (the namespace is checked by the caller). */
    public boolean selects(String workloadName, Map<String, String> labels) {
      if (workload.isPresent()) {
        return workload.get().equals(workloadName);
      }
      return matchLabels.map(want -> want.entrySet().stream()
              .allMatch(e -> e.getValue().equals(labels.get(e.getKey()))))
          .orElse(false);
    }

    /**
     * How specific the selector is, to decide between policies that select the same workload: a name beats labels,
     * more labels beat fewer.
     */
    public int specificity() {
      return workload.isPresent() ? Integer.MAX_VALUE : matchLabels.map(Map::size).orElse(-1);
    }

    @Override
    public String toString() {
      return workload.map(w -> "workload=" + w)
          .orElseGet(() -> "labels" + matchLabels.orElse(Map.of()));
    }
  }

  /** WAF and DLP profile names; empty means the mesh default from {@link MeshConfig.Inspection}. */
  public record Profiles(Optional<String> waf, Optional<String> dlp) {
    public static final Profiles NONE = new Profiles(Optional.empty(), Optional.empty());

    public Profiles {
      waf = waf == null ? Optional.empty() : waf;
      dlp = dlp == null ? Optional.empty() : dlp;
    }
  }
}
