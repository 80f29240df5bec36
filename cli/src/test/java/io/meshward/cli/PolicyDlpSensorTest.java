package io.meshward.cli;

import static io.meshward.cli.PolicyFixtures.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.cli.MeshwardCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("meshward policy with DlpSensor documents")
class PolicyDlpSensorTest {
  @TempDir
  Path dataDir;

  @Test
  void validateAcceptsADlpSensorAndAProfileNamingItWithoutAControlPlane() {
    Result result = MeshwardCli.offline().run("policy", "validate", "-f", path("dlp-sensor.yaml"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.outLines()).containsExactly(path("dlp-sensor.yaml") + ": 2 documents OK");
  }

  @Test
  void validateRefusesAMisspeltValidatorWithItsLineAndASuggestion() throws Exception {
    Path file = Files.writeString(dataDir.resolve("bad.yaml"), """
        apiVersion: meshward.io/v1alpha1
        kind: DlpSensor
        metadata:
          name: cards
        spec:
          patterns:
            - name: visa
              regex: '4\\d{15}'
              validator: lunh
          locations: [response-body]
          action: mask
        """);

    Result result = MeshwardCli.offline().run("policy", "validate", "-f", file.toString());

    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.err()).contains(file + ":9:18: document 1 (DlpSensor cards): spec.patterns[0].validator:"
        + " unknown validator \"lunh\"", "did you mean luhn?");
  }

  @Test
  void theControlPlaneStoresADlpSensorThatCanBeListedReadAndDeletedByName() {
    try (RunningControlPlane controlPlane = RunningControlPlane.start(dataDir)) {
      MeshwardCli meshward = controlPlane.cli();

      Result applied = meshward.run("policy", "apply", "-f", path("dlp-sensor.yaml"));
      Result list = meshward.run("policy", "list");
      Result get = meshward.run("policy", "get", "DlpSensor", "employee-id");
      Result profile = meshward.run("policy", "get", "WafProfile", "hr-api");
      Result deleted = meshward.run("policy", "delete", "dlpsensor", "employee-id");
      Result gone = meshward.run("policy", "get", "DlpSensor", "employee-id");

      assertThat(applied.exitCode()).as(applied.toString()).isZero();
      assertThat(applied.outLines()).containsExactly("DlpSensor employee-id created (generation 1)",
          "WafProfile hr-api created (generation 1)");
      assertThat(list.outLines()).hasSize(3);
      assertThat(list.outLines().get(1)).matches("DlpSensor\\s+-\\s+employee-id\\s+1\\s+\\S+Z");
      assertThat(list.outLines().get(2)).matches("WafProfile\\s+-\\s+hr-api\\s+1\\s+\\S+Z");
      // Stored in canonical form: every field written out, defaults included.
      assertThat(get.out()).contains("kind: DlpSensor", "name: employee-id", "regex: \\bE-\\d{6}\\b",
          "validator: none", "- request-body", "minMatches: 2", "action: mask", "keepLast: 2",
          "enabledByDefault: false");
      assertThat(profile.out()).contains("dlp:", "- employee-id", "- payment-card");
      assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
      assertThat(gone.exitCode()).isNotZero();
    }
  }
}
