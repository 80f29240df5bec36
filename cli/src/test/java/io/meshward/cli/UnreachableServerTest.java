package io.meshward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.cli.MeshwardCli.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("every client command when no control plane is running")
class UnreachableServerTest {

  @ParameterizedTest(name = "meshward {0}")
  @ValueSource(strings = {"workloads", "policy list", "policy export", "mode list", "mode set shop learn", "audit",
      "xds dump node-1", "policy get MeshConfig default"})
  void exitsThreeAndSaysWhatToDo(String command) throws IOException {
    String server = "http://127.0.0.1:" + closedPort();

    Result result = MeshwardCli.against(server).run(command.split(" "));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("error: cannot reach the meshward control plane at " + server
        + ": connection refused, is `meshward up` running?\n");
  }

  @Test
  void applyChecksTheFilesFirstThenExitsThree() throws IOException {
    String server = "http://127.0.0.1:" + closedPort();

    Result valid = MeshwardCli.against(server).run("policy", "apply", "-f", PolicyFixtures.path("shop.yaml"));
    Result invalid = MeshwardCli.against(server).run("policy", "apply", "-f", PolicyFixtures.path("bad-cidr.yaml"));

    assertThat(valid.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(valid.err()).startsWith("error: cannot reach the meshward control plane at " + server);
    assertThat(invalid.exitCode()).as("a local error needs no server").isEqualTo(ExitCodes.REFUSED);
  }

  @ParameterizedTest(name = "--server {0}")
  @ValueSource(strings = {"ftp://example.org", "http://[::1"})
  void aServerThatIsNoUrlIsAUsageError(String server) {
    Result result = MeshwardCli.against(server).run("workloads");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
