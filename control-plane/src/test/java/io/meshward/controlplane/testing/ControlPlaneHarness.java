package io.meshward.controlplane.testing;

import io.meshward.controlplane.ControlPlane;
import io.meshward.controlplane.ControlPlaneConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * A real control plane on loopback with its own data directory. The xDS port is fixed for the harness's life, so
 * that a restarted control plane is found again by the peers that knew the old one.
 */
public final class ControlPlaneHarness implements AutoCloseable {
  private final Path dataDir;
  private final int xdsPort;
  private ControlPlane controlPlane;

  public ControlPlaneHarness(Path dataDir) {
    this.dataDir = dataDir;
    this.xdsPort = freePort();
  }

  public ControlPlaneHarness start() {
    controlPlane = ControlPlane.start(ControlPlaneConfig.defaults()
        .withDataDir(dataDir)
        .withXdsAddress(new InetSocketAddress("127.0.0.1", xdsPort))
        .withAdminAddress(new InetSocketAddress("127.0.0.1", 0)));
    return this;
  }

  public void stop() {
    if (controlPlane != null) {
      controlPlane.close();
      controlPlane = null;
    }
  }

  public ControlPlane controlPlane() {
    return controlPlane;
  }

  public int xdsPort() {
    return xdsPort;
  }

  public AdminClient admin() {
    return new AdminClient(controlPlane.adminPort());
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
