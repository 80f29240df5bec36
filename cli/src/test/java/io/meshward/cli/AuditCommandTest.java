package io.meshward.cli;

import static io.meshward.cli.PolicyFixtures.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.cli.MeshwardCli.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("meshward audit")
class AuditCommandTest {
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
  void listsEveryChangeOldestFirst() {
    meshward.run("policy", "apply", "-f", path("shop.yaml"));
    meshward.run("mode", "set", "shop/payments", "monitor");
    meshward.run("policy", "delete", "WorkloadPolicy", "shop/catalog");

    Result audit = meshward.run("audit");

    assertThat(audit.exitCode()).as(audit.toString()).isZero();
    assertThat(audit.outLines().get(0)).matches("SEQ\\s+TIME\\s+ACTION\\s+TARGET\\s+DETAIL");
    assertThat(audit.outLines().subList(1, audit.outLines().size())).satisfiesExactly(
        line -> assertThat(line).matches("1\\s+\\S+Z\\s+policy\\.created\\s+WorkloadPolicy shop/payments-api\\s+"
            + "generation 1"),
        line -> assertThat(line).matches("2\\s+\\S+Z\\s+policy\\.created\\s+WorkloadPolicy shop/catalog\\s+"
            + "generation 1"),
        line -> assertThat(line).matches("3\\s+\\S+Z\\s+mode\\.set\\s+shop/payments\\s+MONITOR"),
        line -> assertThat(line).matches("4\\s+\\S+Z\\s+policy\\.delete\\s+WorkloadPolicy shop/catalog\\s+-"));
  }

  @Test
  void pagesWithAfterAndLimit() {
    meshward.run("mode", "set", "a", "monitor");
    meshward.run("mode", "set", "b", "monitor");
    meshward.run("mode", "set", "c", "monitor");

    Result page = meshward.run("audit", "--after", "1", "--limit", "1");

    assertThat(page.outLines()).hasSize(2);
    assertThat(page.outLines().get(1)).startsWith("2 ").contains("mode.set", " b ");
    assertThat(page.err()).isEqualTo("there may be more: meshward audit --after 2\n");
  }

  @Test
  void printsJsonForScripts() {
    meshward.run("mode", "set", "shop", "learn");

    Result json = meshward.run("audit", "-o", "json");

    assertThat(json.out()).contains("\"seq\" : 1", "\"action\" : \"mode.set\"", "\"target\" : \"shop\"");
  }

  @Test
  void aLimitOutOfRangeIsAUsageError() {
    assertThat(meshward.run("audit", "--limit", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
  }
}
