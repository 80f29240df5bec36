package io.meshward.cli;

import io.meshward.controlplane.ControlPlane;
import io.meshward.controlplane.ControlPlaneConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** A real control plane on loopback, on free ports, with its own data directory. */
final class RunningControlPlane implements AutoCloseable {
  private final ControlPlane controlPlane;

  private RunningControlPlane(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  static RunningControlPlane start(Path dataDir) {
    return new RunningControlPlane(ControlPlane.start(ControlPlaneConfig.defaults()
        .withDataDir(dataDir)
        .withXdsAddress(new InetSocketAddress("127.0.0.1", 0))
        .withAdminAddress(new InetSocketAddress("127.0.0.1", 0))));
  }

  String adminUrl() {
    return "http://127.0.0.1:" + controlPlane.adminPort();
  }

  int xdsPort() {
    return controlPlane.xdsPort();
  }

  /** A client of this control plane. */
  MeshwardCli cli() {
    return MeshwardCli.against(adminUrl());
  }

  @Override
  public void close() {
    controlPlane.close();
  }
}
