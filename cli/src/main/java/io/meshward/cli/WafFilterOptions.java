package io.meshward.cli;

import io.meshward.waf.RuleLoadException;
import io.meshward.waf.service.WafFilterConfig;
import io.meshward.waf.service.ReportingConfig;
import io.meshward.waf.service.WafFilterServer;
import io.meshward.waf.service.audit.DetectionAuditLog;
import io.meshward.waf.service.dlp.DecodingLimits;
import io.meshward.waf.service.inspect.InspectionLimits;
import io.meshward.waf.service.metrics.AdminHttpServer;
import io.meshward.waf.service.profile.ProfileLoadException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where waf-filter listens and which CRS it loads; shared by {@code up} and {@code waf-filter}. */
final class WafFilterOptions {
  static final String DEFAULT_ADDRESS = "127.0.0.1:" + WafFilterConfig.DEFAULT_PORT;
  static final String DEFAULT_METRICS_ADDRESS = "127.0.0.1:" + AdminHttpServer.DEFAULT_PORT;

  @Option(names = "--waf-address", paramLabel = "HOST:PORT", converter = HostPort.BindAddressConverter.class,
      description = "Where waf-filter (ext_authz, ext_proc) listens (default: " + DEFAULT_ADDRESS
          + "; port 0 picks a free one).")
  private InetSocketAddress address;

  @Option(names = "--crs", paramLabel = "DIR",
      description = "The OWASP CRS v4 directory waf-filter loads (crs-setup.conf[.example], rules/); default: $"
          + WafFilterConfig.CRS_ENV + " (./meshward sets it to ../shared/crs/v4 beside the checkout).")
  private Path crs;

  @Option(names = "--profiles", paramLabel = "PATH",
      description = "WafProfile documents waf-filter loads besides the built-in default: a YAML file, or a directory"
          + " of *.yaml files. Changes to them (and to the CRS) are reloaded while serving.")
  private Path profiles;

  @Option(names = "--dlp-sensors", paramLabel = "PATH",
      description = "DlpSensor documents waf-filter loads over the built-in sensor library (a document replaces the"
          + " built-in of its name), so that profiles can name them: a YAML file, or a directory of *.yaml files."
          + " Reloaded with the profiles; a broken file keeps the sensors in force. Default: the built-ins only.")
  private Path dlpSensors;

  @Option(names = "--dlp-max-decoded", paramLabel = "BYTES",
      description = "The most bytes a compressed (gzip, deflate) response body is decoded to for the DLP sensors;"
          + " past it the body goes on unscanned and is counted (default: 1048576).")
  private Long dlpMaxDecoded;

  @Option(names = "--dlp-max-ratio", paramLabel = "N",
      description = "The most decoded bytes per compressed byte before a response body counts as a decompression"
          + " bomb and goes on unscanned (default: 100).")
  private Integer dlpMaxRatio;

  @Option(names = "--inspection-threads", paramLabel = "N",
      description = "Inspections that run at once (default: 4 per core). Inspection is CPU work: fewer threads"
          + " answer uniform requests (benign GETs) sooner; more keep short requests moving beside long ones.")
  private Integer inspectionThreads;

  @Option(names = "--inspection-queue", paramLabel = "N",
      description = "Inspections that may wait for a running one, each within its profile's time budget; past"
          + " them a request gets its profile's fail policy at once, uninspected (default: 16 per core).")
  private Integer inspectionQueue;

  @Option(names = "--warm-up-seconds", paramLabel = "N",
      description = "Before it listens, waf-filter sends checks through itself on a loopback port of its own for N"
          + " seconds, so that the first real requests meet compiled code instead of being answered late or"
          + " uninspected; nothing of it is reported (default: 3; 0 for none; at most 300).")
  private Double warmUpSeconds;

  @Option(names = "--waf-metrics", paramLabel = "HOST:PORT", converter = HostPort.BindAddressConverter.class,
      description = "Where waf-filter serves /metrics (Prometheus) and /healthz over HTTP (default: "
          + DEFAULT_METRICS_ADDRESS + "; port 0 picks a free one).")
  private InetSocketAddress metricsAddress;

  @Option(names = "--control-plane", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
      description = "The control plane's gRPC (xDS) address, where waf-filter sends security events and flow"
          + " observations (default with 'up': the control plane beside it; with 'waf-filter': none sent).")
  private HostPort controlPlane;

  @Option(names = "--audit-log", paramLabel = "FILE",
      description = "Write one JSON line per detection to FILE (no payload); rotates to FILE.1 at 64 MiB.")
  private Path auditLog;

  /** The CRS directory, when one was given or the environment names one. */
  Optional<Path> crsDirectory() {
    if (crs != null) {
      return Optional.of(crs);
    }
    String fromEnv = System.getenv(WafFilterConfig.CRS_ENV);
    return fromEnv == null || fromEnv.isBlank() ? Optional.empty() : Optional.of(Path.of(fromEnv));
  }

  /**
   * @param localControlPlane where the control plane started beside waf-filter listens ({@code up}), used when
   *     {@code --control-plane} is not given
   */
  WafFilterConfig config(Path crsDirectory, Optional<String> localControlPlane) {
    WafFilterConfig config = WafFilterConfig.defaults(crsDirectory);
    if (profiles != null) {
      config = config.withProfilesPath(profiles, true);
    }
    if (dlpSensors != null) {
      config = config.withDlpSensorsPath(dlpSensors);
    }
    if (dlpMaxDecoded != null || dlpMaxRatio != null) {
      try {
        config = config.withResponseDecoding(new DecodingLimits(
            dlpMaxDecoded != null ? dlpMaxDecoded : DecodingLimits.DEFAULT_MAX_DECODED_BYTES,
            dlpMaxRatio != null ? dlpMaxRatio : DecodingLimits.DEFAULT_MAX_RATIO));
      } catch (IllegalArgumentException e) {
        throw CommandFailure.of(ExitCodes.USAGE, e.getMessage(), e);
      }
    }
    if (address != null) {
      config = config.withAddress(address);
    }
    if (warmUpSeconds != null) {
      try {
        config = config.withWarmUp(Duration.ofMillis(Math.round(warmUpSeconds * 1000)));
      } catch (IllegalArgumentException e) {
        throw CommandFailure.of(ExitCodes.USAGE, "--warm-up-seconds: " + e.getMessage(), e);
      }
    }
    if (inspectionThreads != null || inspectionQueue != null) {
      InspectionLimits defaults = config.inspections();
      try {
        config = config.withInspectionLimits(new InspectionLimits(
            inspectionThreads != null ? inspectionThreads : defaults.running(),
            inspectionQueue != null ? inspectionQueue : defaults.waiting()));
      } catch (IllegalArgumentException e) {
        throw CommandFailure.of(ExitCodes.USAGE, e.getMessage(), e);
      }
    }
    ReportingConfig reporting = config.reporting()
        .withAdminAddress(metricsAddress != null ? metricsAddress
            : new InetSocketAddress("127.0.0.1", AdminHttpServer.DEFAULT_PORT))
        .withControlPlane(controlPlane != null ? controlPlane.toString() : localControlPlane.orElse(null));
    if (auditLog != null) {
      reporting = reporting.withAuditLog(auditLog, DetectionAuditLog.DEFAULT_MAX_BYTES);
    }
    return config.withReporting(reporting);
  }

  /** Starts the server, or fails with one line that says what to do. */
  static WafFilterServer start(WafFilterConfig config) {
    if (!Files.isDirectory(config.crsDirectory().resolve("rules"))) {
      throw CommandFailure.of(ExitCodes.REFUSED, "no CRS rules under " + config.crsDirectory().toAbsolutePath()
          + " (give --crs DIR or set $" + WafFilterConfig.CRS_ENV + ")");
    }
    StartupFailures.requireFree(config.address(), "waf-filter", "--waf-address");
    config.reporting().adminAddress().ifPresent(metrics ->
        StartupFailures.requireFree(metrics, "waf-filter's metrics", "--waf-metrics"));
    try {
      return WafFilterServer.start(config);
    } catch (RuleLoadException e) {
      throw CommandFailure.of(ExitCodes.REFUSED, "the CRS did not load: " + e.getMessage(), e);
    } catch (ProfileLoadException e) {
      throw CommandFailure.of(ExitCodes.REFUSED, "the WAF profiles or DLP sensors did not load: " + e.getMessage(),
          e);
    } catch (UncheckedIOException e) {
      throw CommandFailure.of(ExitCodes.REFUSED, e.getMessage(), e);
    }
  }
}
