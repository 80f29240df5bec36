package io.meshward.waf.service;

import io.meshward.waf.service.audit.DetectionAuditLog;
import io.meshward.waf.service.metrics.AdminHttpServer;
import io.meshward.waf.service.telemetry.TelemetrySettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where waf-filter reports what it sees.
 *
 * @param controlPlane the control plane's gRPC address ({@code host:port}) for security events and flow
 *     observations; empty: none are sent
 * @param auditLog the JSON audit log of detections; empty: none is written
 * @param auditLogMaxBytes the size at which the audit log rotates (one previous file is kept)
 * @param adminAddress where {@code /metrics} and {@code /healthz} listen; empty: no admin HTTP port
 * @param telemetry queue sizes, batching and backoff of the events sent
 */
public record ReportingConfig(
    Optional<String> controlPlane,
    Optional<Path> auditLog,
    long auditLogMaxBytes,
    Optional<InetSocketAddress> adminAddress,
    TelemetrySettings telemetry) {

  public ReportingConfig {
    Objects.requireNonNull(controlPlane, "controlPlane");
    Objects.requireNonNull(auditLog, "auditLog");
    Objects.requireNonNull(adminAddress, "adminAddress");
    Objects.requireNonNull(telemetry, "telemetry");
    if (auditLogMaxBytes < 4096) {
      throw new IllegalArgumentException("the audit log must be allowed at least 4 KiB");
    }
  }

  /**
   * No events, no audit log, no admin HTTP port: an embedding (a test, a benchmark) opts in to each. The command
   * line opts in to the admin port on loopback {@value AdminHttpServer#DEFAULT_PORT}.
   */
  public static ReportingConfig defaults() {
    return new ReportingConfig(Optional.empty(), Optional.empty(), DetectionAuditLog.DEFAULT_MAX_BYTES,
        Optional.empty(), TelemetrySettings.defaults());
  }

  public ReportingConfig withControlPlane(String hostPort) {
    return new ReportingConfig(Optional.ofNullable(hostPort), auditLog, auditLogMaxBytes, adminAddress, telemetry);
  }

  public ReportingConfig withAuditLog(Path path, long maxBytes) {
    return new ReportingConfig(controlPlane, Optional.ofNullable(path), maxBytes, adminAddress, telemetry);
  }

  public ReportingConfig withAdminAddress(InetSocketAddress address) {
    return new ReportingConfig(controlPlane, auditLog, auditLogMaxBytes, Optional.ofNullable(address), telemetry);
  }

  public ReportingConfig withTelemetry(TelemetrySettings settings) {
    return new ReportingConfig(controlPlane, auditLog, auditLogMaxBytes, adminAddress, settings);
  }
}
