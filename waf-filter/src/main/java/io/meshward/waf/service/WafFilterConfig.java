package io.meshward.waf.service;

import io.meshward.waf.service.dlp.DecodingLimits;
import io.meshward.waf.service.inspect.InspectionLimits;
import io.meshward.waf.service.profile.WafProfile;
import io.meshward.waf.service.route.ContextPolicy;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the waf-filter service runs.
 *
 * @param address where the gRPC server listens (one port for ext_authz, ext_proc, health and reflection)
 * @param crsDirectory the Core Rule Set, as installed (crs-setup.conf[.example], rules/)
 * @param profiles profiles besides the built-in {@code default} (a profile named "default" replaces it)
 * @param profilesPath a file, or a directory of {@code *.yaml} files, of WafProfile documents, loaded after
 *     {@code profiles} (a profile of the same name replaces one given there)
 * @param watchFiles whether changes to the profile files and the CRS files are reloaded while serving
 * @param contextPolicy what routes that name no mode, or an unknown one, get
 * @param inspections inspections running at once and waiting for one; more get the profile's fail policy at once
 * @param maxMessageBytes the largest gRPC message accepted (a CheckRequest carries the body Envoy buffered); this
 *     bounds the memory one call can take before any profile limit applies
 * @param reporting events to the control plane, the audit log, the metrics port
 * @param dlpSensorsPath a file, or a directory of {@code *.yaml} files, of DlpSensor documents loaded over the
 *     built-in sensor library (a document replaces the built-in of its name); empty: the built-ins only. Reloaded
 *     with the profiles when {@code watchFiles}
 * @param responseDecoding how far compressed response bodies are decoded for the DLP sensors
 * @param warmUp how long checks are sent through the service on a loopback port of its own before it listens, so
 *     that the first real checks meet compiled code (see {@code ServiceWarmUp}); zero for none
 */
public record WafFilterConfig(
    InetSocketAddress address,
    Path crsDirectory,
    List<WafProfile> profiles,
    Optional<Path> profilesPath,
    boolean watchFiles,
    ContextPolicy contextPolicy,
    InspectionLimits inspections,
    int maxMessageBytes,
    ReportingConfig reporting,
    Optional<Path> dlpSensorsPath,
    DecodingLimits responseDecoding,
    Duration warmUp) {

  public static final int DEFAULT_PORT = 9191;
  public static final String CRS_ENV = "MESHWARD_CRS";
  /** Enough for the JIT to compile the check path: measured, 3 s cut the overloads of a cold start 2.5 to 5 times. */
  public static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(3);
  public static final Duration MAX_WARM_UP = Duration.ofMinutes(5);

  public WafFilterConfig {
    profiles = List.copyOf(profiles);
    profilesPath = profilesPath == null ? Optional.empty() : profilesPath;
    java.util.Objects.requireNonNull(reporting, "reporting");
    dlpSensorsPath = dlpSensorsPath == null ? Optional.empty() : dlpSensorsPath;
    java.util.Objects.requireNonNull(responseDecoding, "responseDecoding");
    java.util.Objects.requireNonNull(inspections, "inspections");
    java.util.Objects.requireNonNull(warmUp, "warmUp");
    if (warmUp.isNegative() || warmUp.compareTo(MAX_WARM_UP) > 0) {
      throw new IllegalArgumentException("the warm-up must last from 0 to " + MAX_WARM_UP.toMinutes()
          + " minutes, not " + warmUp);
    }
    if (maxMessageBytes < 64 * 1024) {
      throw new IllegalArgumentException("the gRPC message limit must be at least 64 KiB");
    }
  }

  /**
   * Loopback on 9191; 4 inspections per core running and 16 waiting (see {@link InspectionLimits}); messages up to
   * 16 MiB (Envoy's {@code max_request_bytes} in meshward's sidecars is 64 KiB; the margin is for operators who raise
   * it); a warm-up of {@link #DEFAULT_WARM_UP} before listening.
   */
  public static WafFilterConfig defaults(Path crsDirectory) {
    return new WafFilterConfig(new InetSocketAddress("127.0.0.1", DEFAULT_PORT), crsDirectory, List.of(),
        Optional.empty(), true, ContextPolicy.defaults(),
        InspectionLimits.perCore(Runtime.getRuntime().availableProcessors()),
        16 * 1024 * 1024, ReportingConfig.defaults(), Optional.empty(), DecodingLimits.defaults(), DEFAULT_WARM_UP);
  }

  public WafFilterConfig withAddress(InetSocketAddress newAddress) {
    return new WafFilterConfig(newAddress, crsDirectory, profiles, profilesPath, watchFiles, contextPolicy,
        inspections, maxMessageBytes, reporting, dlpSensorsPath, responseDecoding, warmUp);
  }

  public WafFilterConfig withProfiles(List<WafProfile> newProfiles) {
    return new WafFilterConfig(address, crsDirectory, newProfiles, profilesPath, watchFiles, contextPolicy,
        inspections, maxMessageBytes, reporting, dlpSensorsPath, responseDecoding, warmUp);
  }

  /** Profiles from a file or directory of WafProfile documents, reloaded on change when {@code watch}. */
  public WafFilterConfig withProfilesPath(Path path, boolean watch) {
    return new WafFilterConfig(address, crsDirectory, profiles, Optional.of(path), watch, contextPolicy,
        inspections, maxMessageBytes, reporting, dlpSensorsPath, responseDecoding, warmUp);
  }

  /** Whether changed files (profiles, CRS) are reloaded while serving. */
  public WafFilterConfig withWatchFiles(boolean watch) {
    return new WafFilterConfig(address, crsDirectory, profiles, profilesPath, watch, contextPolicy,
        inspections, maxMessageBytes, reporting, dlpSensorsPath, responseDecoding, warmUp);
  }

  public WafFilterConfig withInspectionLimits(InspectionLimits limits) {
    return new WafFilterConfig(address, crsDirectory, profiles, profilesPath, watchFiles, contextPolicy, limits,
        maxMessageBytes, reporting, dlpSensorsPath, responseDecoding, warmUp);
  }

  public WafFilterConfig withReporting(ReportingConfig newReporting) {
    return new WafFilterConfig(address, crsDirectory, profiles, profilesPath, watchFiles, contextPolicy,
        inspections, maxMessageBytes, newReporting, dlpSensorsPath, responseDecoding, warmUp);
  }

  public WafFilterConfig withContextPolicy(ContextPolicy policy) {
    return new WafFilterConfig(address, crsDirectory, profiles, profilesPath, watchFiles, policy,
        inspections, maxMessageBytes, reporting, dlpSensorsPath, responseDecoding, warmUp);
  }

  /** DlpSensor documents from a file or directory, over the built-ins; reloaded with the profiles. */
  public WafFilterConfig withDlpSensorsPath(Path path) {
    return new WafFilterConfig(address, crsDirectory, profiles, profilesPath, watchFiles, contextPolicy,
        inspections, maxMessageBytes, reporting, Optional.of(path), responseDecoding, warmUp);
  }

  public WafFilterConfig withResponseDecoding(DecodingLimits limits) {
    return new WafFilterConfig(address, crsDirectory, profiles, profilesPath, watchFiles, contextPolicy,
        inspections, maxMessageBytes, reporting, dlpSensorsPath, limits, warmUp);
  }

  public WafFilterConfig withWarmUp(Duration newWarmUp) {
    return new WafFilterConfig(address, crsDirectory, profiles, profilesPath, watchFiles, contextPolicy,
        inspections, maxMessageBytes, reporting, dlpSensorsPath, responseDecoding, newWarmUp);
  }
}
