package io.meshward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import io.meshward.controlplane.ControlPlane;
import io.meshward.controlplane.ControlPlaneConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The race that {@code up}'s own port check cannot rule out: a port taken between the check and the start. The
 * explanation is built from what the control plane really throws.
 */
@DisplayName("explaining why the control plane did not start")
class StartupFailuresTest {
  @TempDir
  Path dataDir;

  @Test
  void aTakenXdsPortNamesTheAddressAndTheOption() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ControlPlaneConfig config = config(taken.getLocalPort(), 0);

      CommandFailure failure = StartupFailures.explain(catchRuntimeException(() -> ControlPlane.start(config)),
          config);

      assertThat(failure.exitCode()).isEqualTo(ExitCodes.REFUSED);
      assertThat(failure.lines()).containsExactly("error: cannot listen for xDS on 127.0.0.1:" + taken.getLocalPort()
          + ": the address is already in use (is another `meshward up` running? choose another with --xds-address)");
    }
  }

  @Test
  void aTakenAdminPortNamesTheAddressAndTheOption() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ControlPlaneConfig config = config(0, taken.getLocalPort());

      CommandFailure failure = StartupFailures.explain(catchRuntimeException(() -> ControlPlane.start(config)),
          config);

      assertThat(failure.lines()).containsExactly("error: cannot listen for the admin API on 127.0.0.1:"
          + taken.getLocalPort() + ": the address is already in use (is another `meshward up` running? choose"
          + " another with --admin-address)");
    }
  }

  private ControlPlaneConfig config(int xdsPort, int adminPort) {
    return ControlPlaneConfig.defaults()
        .withDataDir(dataDir)
        .withXdsAddress(new InetSocketAddress("127.0.0.1", xdsPort))
        .withAdminAddress(new InetSocketAddress("127.0.0.1", adminPort));
  }
}
