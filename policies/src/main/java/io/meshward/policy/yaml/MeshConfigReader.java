package io.meshward.policy.yaml;

import io.meshward.policy.model.FailureMode;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads a MeshConfig; every spec field is optional and defaults to {@link MeshConfig.Spec#defaults()}. */
final class MeshConfigReader {
  static final List<String> SPEC = List.of("defaultMode", "trustDomain", "inspection", "autoPromotion", "quarantine");
  static final List<String> INSPECTION = List.of("failureMode", "wafFilterAddress", "maxRequestBodyBytes", "timeout",
      "wafProfile", "dlpProfile");
  static final List<String> AUTO_PROMOTION = List.of("enabled", "learnToMonitorAfter", "monitorToEnforceAfter");
  static final List<String> QUARANTINE = List.of("enabled", "events", "minSeverity", "window", "duration");
  static final int MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;
  /** A sidecar holds the request for this long at most; longer would stall callers beyond their own timeouts. */
  static final Duration MAX_INSPECTION_TIMEOUT = Duration.ofSeconds(60);
  static final int MAX_QUARANTINE_EVENTS = 100_000;

  private MeshConfigReader() {}

  static PolicyDocument read(YamlMap document) {
    ObjectMeta metadata = MetadataReader.read(document, MeshConfig.KIND, false);
    if (!metadata.name().isEmpty() && !metadata.name().equals(MeshConfig.NAME)) {
      document.context().error("metadata.name", "MeshConfig is a singleton: its name must be \""
          + MeshConfig.NAME + "\", not " + Quote.value(metadata.name()));
    }
    Optional<YamlMap> spec = document.object("spec", SPEC);
    MeshConfig.Spec defaults = MeshConfig.Spec.defaults();
    return new MeshConfig(metadata, new MeshConfig.Spec(
        spec.flatMap(s -> s.enumValue("defaultMode", Mode.class)).orElse(defaults.defaultMode()),
        spec.flatMap(s -> s.parsed("trustDomain", SpiffeIds::trustDomain)).orElse(defaults.trustDomain()),
        inspection(spec.flatMap(s -> s.object("inspection", INSPECTION)), defaults.inspection()),
        autoPromotion(spec.flatMap(s -> s.object("autoPromotion", AUTO_PROMOTION)), defaults.autoPromotion()),
        quarantine(spec.flatMap(s -> s.object("quarantine", QUARANTINE)), defaults.quarantine())));
  }

  private static MeshConfig.Inspection inspection(Optional<YamlMap> section, MeshConfig.Inspection defaults) {
    Optional<Duration> timeout = section.flatMap(s -> s.parsed("timeout", Durations::parse));
    if (timeout.isPresent() && timeout.get().compareTo(MAX_INSPECTION_TIMEOUT) > 0) {
      section.get().error("timeout", "must be at most " + Durations.format(MAX_INSPECTION_TIMEOUT) + ", got "
          + Durations.format(timeout.get()));
    }
    return new MeshConfig.Inspection(
        section.flatMap(s -> s.enumValue("failureMode", FailureMode.class)).orElse(defaults.failureMode()),
        section.flatMap(s -> s.parsed("wafFilterAddress", HostPorts::check)).orElse(defaults.wafFilterAddress()),
        section.flatMap(s -> s.integer("maxRequestBodyBytes", 0, MAX_REQUEST_BODY_BYTES))
            .orElse(defaults.maxRequestBodyBytes()),
        timeout.orElse(defaults.timeout()),
        section.flatMap(s -> s.parsed("wafProfile", Names::dnsLabel)).orElse(defaults.wafProfile()),
        section.flatMap(s -> s.parsed("dlpProfile", Names::dnsLabel)).orElse(defaults.dlpProfile()));
  }

  static MeshConfig.AutoPromotion autoPromotion(Optional<YamlMap> section,
                                                        MeshConfig.AutoPromotion defaults) {
    return new MeshConfig.AutoPromotion(
        section.flatMap(s -> s.bool("enabled")).orElse(defaults.enabled()),
        section.flatMap(s -> s.parsed("learnToMonitorAfter", Durations::parse)).orElse(defaults.learnToMonitorAfter()),
        section.flatMap(s -> s.parsed("monitorToEnforceAfter", Durations::parse))
            .orElse(defaults.monitorToEnforceAfter()));
  }

  private static MeshConfig.Quarantine quarantine(Optional<YamlMap> section, MeshConfig.Quarantine defaults) {
    return new MeshConfig.Quarantine(
        section.flatMap(s -> s.bool("enabled")).orElse(defaults.enabled()),
        section.flatMap(s -> s.integer("events", 1, MAX_QUARANTINE_EVENTS)).orElse(defaults.events()),
        section.flatMap(s -> s.enumValue("minSeverity", Severity.class)).orElse(defaults.minSeverity()),
        section.flatMap(s -> s.parsed("window", Durations::parse)).orElse(defaults.window()),
        section.flatMap(s -> s.parsed("duration", Durations::parse)).orElse(defaults.duration()));
  }
}
