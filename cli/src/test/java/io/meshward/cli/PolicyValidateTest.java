package io.meshward.cli;

import static io.meshward.cli.PolicyFixtures.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.cli.MeshwardCli.Result;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("meshward policy validate (no control plane needed)")
class PolicyValidateTest {
  private final MeshwardCli meshward = MeshwardCli.offline();

  @Test
  void countsTheDocumentsOfEachValidFile() {
    Result result = meshward.run("policy", "validate", "-f", path("shop.yaml"), "-f", path("mesh-config.yaml"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.outLines()).containsExactly(
        path("shop.yaml") + ": 2 documents OK",
        path("mesh-config.yaml") + ": 1 document OK");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void printsEveryProblemCompilerStyleAndExitsOne() {
    Result result = meshward.run("policy", "validate", "-f", path("shop.yaml"), "-f", path("unknown-field.yaml"),
        "-f", path("bad-cidr.yaml"));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.outLines()).containsExactly(path("shop.yaml") + ": 2 documents OK");
    assertThat(result.errLines()).hasSize(3);
    assertThat(result.errLines().get(0)).startsWith(path("unknown-field.yaml") + ":14:7: document 1");
    assertThat(result.errLines().get(1)).startsWith(path("bad-cidr.yaml") + ":13:17: document 1");
    assertThat(result.errLines().get(2)).isEqualTo("error: 2 problems found");
  }

  @Test
  void checksFilesAgainstEachOther() {
    Result result = meshward.run("policy", "validate", "-f", path("shop.yaml"), "-f", path("payments-takeover.yaml"));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.err()).contains("payments-takeover.yaml:9:15:", "conflicts with WorkloadPolicy shop/payments-api");
  }

  @Test
  void readsStandardInput() {
    Result result = meshward.runExactly("", "policy", "validate", "-f", "-");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.errLines()).first().asString()
        .isEqualTo("<stdin>: no documents: the text is empty or holds only comments");
  }

  @Test
  void standardInputCanBeReadOnlyOnce() {
    Result result = meshward.run("policy", "validate", "-f", "-", "-f", "-");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).isEqualTo("error: '-f -' (standard input) can be given only once\n");
  }
}
