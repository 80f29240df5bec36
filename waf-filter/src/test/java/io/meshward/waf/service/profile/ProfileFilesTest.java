package io.meshward.waf.service.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshward.policy.yaml.PolicyCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading WafProfile documents from a file or a directory. */
class ProfileFilesTest {
  private final ProfileFiles files = new ProfileFiles(new PolicyCodec());

  @TempDir
  Path dir;

  private static String profile(String name, String spec) {
    return """
        apiVersion: meshward.io/v1alpha1
        kind: WafProfile
        metadata:
          name: %s
        spec:
        %s""".formatted(name, spec.indent(2));
  }

  @Test
  void readsTheYamlFilesOfADirectoryInNameOrderSkippingOtherKindsAndOtherFiles() throws Exception {
    Files.writeString(dir.resolve("b.yaml"), profile("strict", "paranoiaLevel: 3\ntimeBudget: 1s\n"));
    Files.writeString(dir.resolve("a.yml"), profile("orders", "anomalyThreshold:\n  inbound: 10\n") + """
        ---
        apiVersion: meshward.io/v1alpha1
        kind: MeshConfig
        metadata:
          name: default
        """);
    Files.writeString(dir.resolve("notes.txt"), "not a profile");

    List<ProfileFiles.Sourced> read = files.read(dir);

    assertThat(read).extracting(s -> s.profile().name()).containsExactly("orders", "strict");
    assertThat(read.get(0).profile().inboundThreshold()).isEqualTo(10);
    assertThat(read.get(0).file()).isEqualTo(dir.resolve("a.yml"));
    assertThat(read.get(1).profile().paranoiaLevel()).isEqualTo(3);
    assertThat(read.get(1).profile().timeBudget()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aSingleFileCanBeGiven() throws Exception {
    Path file = dir.resolve("default.yaml");
    Files.writeString(file, profile("default", "failureMode: CLOSED\n"));

    assertThat(files.read(file)).singleElement()
        .satisfies(s -> assertThat(s.profile().failPolicy()).isEqualTo(FailPolicy.CLOSED));
  }

  @Test
  void anInvalidDocumentIsRefusedWithFileLineFieldAndWhatIsWrong() throws Exception {
    Files.writeString(dir.resolve("good.yaml"), profile("good", "paranoiaLevel: 2\n"));
    Files.writeString(dir.resolve("bad.yaml"), profile("bad", "paranoiaLevel: 7\n"));

    assertThatThrownBy(() -> files.read(dir)).isInstanceOf(ProfileLoadException.class)
        .hasMessage(dir.resolve("bad.yaml") + ":6:18: document 1 (WafProfile bad): spec.paranoiaLevel: must be"
            + " between 1 and 4, got 7");
  }

  @Test
  void aProfileDefinedInTwoFilesIsRefused() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), profile("orders", "paranoiaLevel: 2\n"));
    Files.writeString(dir.resolve("b.yaml"), profile("orders", "paranoiaLevel: 3\n"));

    assertThatThrownBy(() -> files.read(dir)).isInstanceOf(ProfileLoadException.class)
        .hasMessage(dir.resolve("b.yaml") + ": WafProfile orders is defined twice: it is already defined in "
            + dir.resolve("a.yaml"));
  }

  @Test
  void aMissingPathIsRefused() {
    assertThatThrownBy(() -> files.read(dir.resolve("absent"))).isInstanceOf(ProfileLoadException.class)
        .hasMessageContaining("absent: no such file or directory");
  }
}
