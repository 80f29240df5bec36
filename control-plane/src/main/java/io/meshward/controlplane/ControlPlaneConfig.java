package io.meshward.controlplane;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a control plane.
 *
 * @param dataDir where the embedded database lives
 * @param xdsAddress where the xDS (ADS) gRPC server listens
 * @param adminAddress where the REST admin API listens
 * @param advertisedAddress host:port at which sidecars reach this control plane's gRPC port (access logs)
 * @param nodeStatusFlushInterval how often node statuses and the learned graph are written to the store
 */
public record ControlPlaneConfig(
    Path dataDir,
    InetSocketAddress xdsAddress,
    InetSocketAddress adminAddress,
    String advertisedAddress,
    Duration nodeStatusFlushInterval) {

  public static final int DEFAULT_XDS_PORT = 18000;
  public static final int DEFAULT_ADMIN_PORT = 18080;
  public static final String DEFAULT_DATA_DIR = "meshward-data";
  public static final String DATA_DIR_ENV = "MESHWARD_DATA";

  public ControlPlaneConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(xdsAddress, "xdsAddress");
    Objects.requireNonNull(adminAddress, "adminAddress");
    Objects.requireNonNull(nodeStatusFlushInterval, "nodeStatusFlushInterval");
  }

  /** Loopback defaults: xDS on 18000, admin API on 18080, data in ./meshward-data or $MESHWARD_DATA. */
  public static ControlPlaneConfig defaults() {
    String dataDir = System.getenv(DATA_DIR_ENV);
    return new ControlPlaneConfig(
        Path.of(dataDir == null || dataDir.isBlank() ? DEFAULT_DATA_DIR : dataDir),
        new InetSocketAddress("127.0.0.1", DEFAULT_XDS_PORT),
        new InetSocketAddress("127.0.0.1", DEFAULT_ADMIN_PORT),
        null,
        Duration.ofSeconds(1));
  }

  public ControlPlaneConfig withDataDir(Path dir) {
    return new ControlPlaneConfig(dir, xdsAddress, adminAddress, advertisedAddress, nodeStatusFlushInterval);
  }

  public ControlPlaneConfig withXdsAddress(InetSocketAddress address) {
    return new ControlPlaneConfig(dataDir, address, adminAddress, advertisedAddress, nodeStatusFlushInterval);
  }

  public ControlPlaneConfig withAdminAddress(InetSocketAddress address) {
    return new ControlPlaneConfig(dataDir, xdsAddress, address, advertisedAddress, nodeStatusFlushInterval);
  }

  public ControlPlaneConfig withAdvertisedAddress(String address) {
    return new ControlPlaneConfig(dataDir, xdsAddress, adminAddress, address, nodeStatusFlushInterval);
  }
}
