package io.meshward.cli;

import static io.meshward.cli.PolicyFixtures.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.cli.MeshwardCli.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("meshward policy with WafProfile documents")
class PolicyWafProfileTest {
  @TempDir
  Path dataDir;

  @Test
  void validateAcceptsAWafProfileWithoutAControlPlane() {
    Result result = MeshwardCli.offline().run("policy", "validate", "-f", path("waf-profile.yaml"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.outLines()).containsExactly(path("waf-profile.yaml") + ": 1 document OK");
  }

  @Test
  void theControlPlaneStoresAWafProfileThatCanBeListedReadAndDeletedByName() {
    try (RunningControlPlane controlPlane = RunningControlPlane.start(dataDir)) {
      MeshwardCli meshward = controlPlane.cli();

      Result applied = meshward.run("policy", "apply", "-f", path("waf-profile.yaml"));
      Result list = meshward.run("policy", "list");
      Result get = meshward.run("policy", "get", "WafProfile", "orders-api");
      Result deleted = meshward.run("policy", "delete", "wafprofile", "orders-api");
      Result gone = meshward.run("policy", "get", "WafProfile", "orders-api");

      assertThat(applied.exitCode()).as(applied.toString()).isZero();
      assertThat(applied.outLines()).containsExactly("WafProfile orders-api created (generation 1)");
      assertThat(list.outLines()).hasSize(2);
      assertThat(list.outLines().get(1)).matches("WafProfile\\s+-\\s+orders-api\\s+1\\s+\\S+Z");
      // Stored in canonical form: every field written out, defaults included.
      assertThat(get.out()).contains("kind: WafProfile", "name: orders-api", "paranoiaLevel: 2", "inbound: 10",
          "outbound: 4", "target: ARGS:json.note", "reason: free-text notes", "timeBudget: 200ms");
      assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
      assertThat(gone.exitCode()).isNotZero();
    }
  }
}
