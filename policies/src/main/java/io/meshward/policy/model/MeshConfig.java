package io.meshward.policy.model;

import java.time.Duration;
import java.util.Objects;

/**
 * Mesh-wide settings. A singleton: cluster-scoped and always named {@value #NAME}. When none has been applied,
 * {@link #defaults()} is in force.
 */
public record MeshConfig(ObjectMeta metadata, Spec spec) implements PolicyDocument {
  public static final String KIND = "MeshConfig";
  public static final String NAME = "default";

  public MeshConfig {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String kind() {
    return KIND;
  }

  public static MeshConfig defaults() {
    return new MeshConfig(ObjectMeta.of("", NAME), Spec.defaults());
  }

  /**
   * @param defaultMode the mode of a workload that no policy and no operator override place in another
   * @param trustDomain the SPIFFE trust domain, used to turn service accounts and namespaces into principals
   * @param inspection how sidecars reach waf-filter and what they do when it fails
   * @param autoPromotion automatic LEARN to MONITOR to ENFORCE promotion
   * @param quarantine automatic blocking of attack sources
   */
  public record Spec(
      Mode defaultMode,
      String trustDomain,
      Inspection inspection,
      AutoPromotion autoPromotion,
      Quarantine quarantine) {
    public Spec {
      Objects.requireNonNull(defaultMode, "defaultMode");
      Objects.requireNonNull(trustDomain, "trustDomain");
      Objects.requireNonNull(inspection, "inspection");
      Objects.requireNonNull(autoPromotion, "autoPromotion");
      Objects.requireNonNull(quarantine, "quarantine");
    }

    public static Spec defaults() {
      return new Spec(Mode.LEARN, "cluster.local", Inspection.defaults(), AutoPromotion.defaults(),
          Quarantine.defaults());
    }
  }

  /**
   * @param failureMode what a sidecar does when waf-filter errs or times out
   * @param wafFilterAddress host:port of the waf-filter gRPC service, as the sidecars reach it
   * @param maxRequestBodyBytes how much of a request body Envoy buffers and sends for inspection
   * @param timeout how long a sidecar waits for an inspection verdict
   * @param wafProfile the WAF profile of a workload whose policy names none
   * @param dlpProfile the DLP profile of a workload whose policy names none
   */
  public record Inspection(
      FailureMode failureMode,
      String wafFilterAddress,
      int maxRequestBodyBytes,
      Duration timeout,
      String wafProfile,
      String dlpProfile) {
    public Inspection {
      Objects.requireNonNull(failureMode, "failureMode");
      Objects.requireNonNull(wafFilterAddress, "wafFilterAddress");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(wafProfile, "wafProfile");
      Objects.requireNonNull(dlpProfile, "dlpProfile");
    }

    public static Inspection defaults() {
      return new Inspection(FailureMode.OPEN, "127.0.0.1:9191", 64 * 1024, Duration.ofMillis(250), "default",
          "default");
    }
  }

  /**
   * @param enabled whether workloads are promoted without an operator
   * @param learnToMonitorAfter LEARN becomes MONITOR after this long with no new edge
   * @param monitorToEnforceAfter MONITOR becomes ENFORCE after this long with no violation
   */
  public record AutoPromotion(boolean enabled, Duration learnToMonitorAfter, Duration monitorToEnforceAfter) {
    public AutoPromotion {
      Objects.requireNonNull(learnToMonitorAfter, "learnToMonitorAfter");
      Objects.requireNonNull(monitorToEnforceAfter, "monitorToEnforceAfter");
    }

    public static AutoPromotion defaults() {
      return new AutoPromotion(false, Duration.ofHours(24), Duration.ofHours(72));
    }
  }

  /**
   * A source is quarantined when it causes {@code events} security events of {@code minSeverity} or worse within
   * {@code window}; the quarantine lasts {@code duration}.
   */
  public record Quarantine(boolean enabled, int events, Severity minSeverity, Duration window, Duration duration) {
    public Quarantine {
      Objects.requireNonNull(minSeverity, "minSeverity");
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(duration, "duration");
    }

    public static Quarantine defaults() {
      return new Quarantine(true, 5, Severity.CRITICAL, Duration.ofSeconds(60), Duration.ofHours(1));
    }
  }
}
