package io.meshward.cli;

import io.envoyproxy.envoy.service.accesslog.v3.AccessLogServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.meshward.controlplane.ControlPlane;
import io.meshward.controlplane.ControlPlaneConfig;
import io.meshward.policy.model.DocumentKey;
import io.meshward.policy.model.MeshConfig;
import io.meshward.telemetry.TelemetryGrpc;
import io.meshward.waf.service.WafFilterConfig;
import io.meshward.waf.service.WafFilterServer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What {@code meshward up} tells the operator: where each part listens and what is in force. */
final class ListeningReport {
  /** The services of the xDS port; compile-time names, so that a renamed service shows up here. */
  private static final List<String> GRPC_SERVICES = List.of(
      AggregatedDiscoveryServiceGrpc.SERVICE_NAME,
      AccessLogServiceGrpc.SERVICE_NAME,
      TelemetryGrpc.SERVICE_NAME,
      HealthGrpc.SERVICE_NAME,
      ServerReflectionGrpc.SERVICE_NAME);
  private static final List<String> API_ENDPOINTS = List.of(
      "/api/v1/policies", "/api/v1/modes", "/api/v1/workloads", "/api/v1/xds/{node}", "/api/v1/audit",
      "/api/v1/events", "/api/v1/flows", "/api/v1/learned", "/api/v1/violations", "/api/v1/quarantines");
  private static final List<String> OPS_ENDPOINTS = List.of("/metrics", "/healthz", "/readyz");

  private final ControlPlane controlPlane;
  private final Optional<WafFilterServer> wafFilter;

  ListeningReport(ControlPlane controlPlane, Optional<WafFilterServer> wafFilter) {
    this.controlPlane = controlPlane;
    this.wafFilter = wafFilter;
  }

  /** waf-filter's lines: its address, its services, the CRS it runs. */
  static void printWafFilter(PrintWriter out, WafFilterServer server) {
    WafFilterConfig config = server.config();
    out.println("  waf-filter    " + address(config.address(), server.port()));
    WafFilterServer.SERVICES.forEach(service -> out.println("                  " + service));
    out.println("                  CRS " + dataDir(config.crsDirectory()) + ", profiles: "
        + String.join(", ", server.profiles().names()));
    out.println("                  DLP sensors: built-in" + config.dlpSensorsPath()
        .map(path -> " + " + dataDir(path)).orElse(" only (--dlp-sensors PATH adds more)"));
    server.adminPort().ifPresent(port -> out.println("  waf metrics   http://"
        + address(reachable(config.reporting().adminAddress().orElseThrow()), port) + "  /metrics  /healthz"));
    out.println("  waf events    " + config.reporting().controlPlane()
        .map(target -> "to " + target + " (" + TelemetryGrpc.SERVICE_NAME + ")")
        .orElse("not sent (no --control-plane)"));
    out.println("  audit log     " + config.reporting().auditLog().map(ListeningReport::dataDir)
        .orElse("none (--audit-log FILE)"));
  }

  /** The control plane's gRPC address as a peer on this machine reaches it (the advertised one when set). */
  static String reachableXds(ControlPlane controlPlane) {
    ControlPlaneConfig config = controlPlane.config();
    if (config.advertisedAddress() != null) {
      return config.advertisedAddress();
    }
    return address(reachable(config.xdsAddress()), controlPlane.xdsPort());
  }

  void print(PrintWriter out) {
    ControlPlaneConfig config = controlPlane.config();
    String xds = address(config.xdsAddress(), controlPlane.xdsPort());
    String admin = "http://" + address(reachable(config.adminAddress()), controlPlane.adminPort());
    out.println("meshward " + VersionProvider.version() + " control plane is up");
    out.println("  data          " + dataDir(config.dataDir()));
    out.println("  xDS (gRPC)    " + xds);
    GRPC_SERVICES.forEach(service -> out.println("                  " + service));
    if (config.advertisedAddress() != null) {
      out.println("  advertised    " + config.advertisedAddress());
    }
    out.println("  admin API     " + admin);
    out.println("                  " + String.join("  ", API_ENDPOINTS));
    out.println("                  " + String.join("  ", OPS_ENDPOINTS));
    if (wafFilter.isPresent()) {
      printWafFilter(out, wafFilter.get());
    } else {
      out.println("  waf-filter    not started: no CRS (give --crs DIR or set $" + WafFilterConfig.CRS_ENV + ")");
    }
    out.println("  default mode  " + defaultMode());
    out.println("Press Ctrl-C to stop.");
  }

  private String defaultMode() {
    MeshConfig meshConfig = controlPlane.policies().state().meshConfig();
    boolean applied = controlPlane.policies()
        .document(new DocumentKey(MeshConfig.KIND, "", MeshConfig.NAME))
        .isPresent();
    return meshConfig.spec().defaultMode() + (applied
        ? " (from the applied MeshConfig)"
        : " (built-in default; apply a MeshConfig to change it)");
  }

  /** As given, and where that is when it was relative (relative to the directory `up` was started in). */
  private static String dataDir(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    return absolute.toString().equals(dir.toString()) ? dir.toString() : dir + " (" + absolute + ")";
  }

  /** The bound port, which differs from the configured one when that was 0. */
  private static String address(InetSocketAddress configured, int port) {
    return HostPort.format(configured.getHostString(), port);
  }

  /** A wildcard bind address is not something to put in a URL; loopback reaches it from here. */
  private static InetSocketAddress reachable(InetSocketAddress address) {
    return address.getAddress() != null && address.getAddress().isAnyLocalAddress()
        ? new InetSocketAddress("127.0.0.1", address.getPort())
        : address;
  }
}
