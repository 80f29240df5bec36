package io.meshward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.cli.MeshwardCli.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("meshward mode")
class ModeCommandTest {
  @TempDir
  Path dataDir;
  private RunningControlPlane controlPlane;
  private MeshwardCli meshward;

  @BeforeEach
  void start() {
    controlPlane = RunningControlPlane.start(dataDir);
    meshward = controlPlane.cli();
  }

  @AfterEach
  void stop() {
    controlPlane.close();
  }

  @Test
  void setGetAndClearAWorkloadOverride() {
    assertThat(meshward.run("mode", "set", "shop/payments", "learn").out())
        .isEqualTo("shop/payments: (not set) -> LEARN\n");
    assertThat(meshward.run("mode", "set", "shop/payments", "ENFORCE").out())
        .isEqualTo("shop/payments: LEARN -> ENFORCE\n");
    assertThat(meshward.run("mode", "get", "shop/payments").out())
        .isEqualTo("shop/payments: ENFORCE (override)\nno workload of this target is known\n");

    assertThat(meshward.run("mode", "clear", "shop/payments").out())
        .isEqualTo("shop/payments: ENFORCE -> (not set)\n");
    assertThat(meshward.run("mode", "get", "shop/payments").outLines()).first()
        .isEqualTo("shop/payments: no override");
    assertThat(meshward.run("mode", "clear", "shop/payments").out())
        .isEqualTo("shop/payments: no override was set\n");
  }

  @Test
  void listShowsNamespaceAndWorkloadOverrides() {
    meshward.run("mode", "set", "shop", "monitor");
    meshward.run("mode", "set", "shop/payments", "enforce");

    Result list = meshward.run("mode", "list");
    Result json = meshward.run("mode", "list", "-o", "json");

    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).isEqualTo("""
        TARGET         MODE
        shop           MONITOR
        shop/payments  ENFORCE
        """);
    assertThat(json.out()).contains("\"target\" : \"shop/payments\"", "\"mode\" : \"ENFORCE\"");
  }

  @Test
  void anEmptyListStillHasItsHeader() {
    assertThat(meshward.run("mode", "list").out()).isEqualTo("TARGET  MODE\n");
  }

  @Test
  void aBadTargetIsAUsageErrorAndNothingIsSent() {
    Result result = meshward.run("mode", "set", "Shop/Payments", "enforce");
    Result tooDeep = meshward.run("mode", "get", "a/b/c");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("'Shop' in mode target 'Shop/Payments' is not a valid name");
    assertThat(tooDeep.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(tooDeep.err()).contains("a mode target is 'namespace' or 'namespace/workload', got 'a/b/c'");
    assertThat(meshward.run("audit").outLines()).hasSize(1);
  }

  @Test
  void anUnknownModeIsAUsageErrorListingTheValidOnes() {
    Result result = meshward.run("mode", "set", "shop", "block");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("unknown mode 'block'; one of learn, monitor, enforce");
  }
}
