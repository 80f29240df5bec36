package io.meshward.cli;

import static io.meshward.cli.PolicyFixtures.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.cli.MeshwardCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("meshward policy apply")
class PolicyApplyTest {
  private static final String EMPTY_LIST = "KIND  NAMESPACE  NAME  GENERATION  UPDATED\n";

  @TempDir
  Path dataDir;
  @TempDir
  Path workDir;
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
  void reportsWhatEachDocumentOfTheFileBecame() {
    Result result = meshward.run("policy", "apply", "-f", path("shop.yaml"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.outLines()).containsExactly(
        "WorkloadPolicy shop/payments-api created (generation 1)",
        "WorkloadPolicy shop/catalog created (generation 1)");
    assertThat(result.errLines()).containsExactlyInAnyOrder(
        "warning: WorkloadPolicy shop/payments-api: selector workload=payments matches no workload connected so far",
        "warning: WorkloadPolicy shop/catalog: selector workload=catalog matches no workload connected so far");
  }

  @Test
  void applyingAnEditedFileUpdatesOnlyTheDocumentsThatChanged() throws Exception {
    meshward.run("policy", "apply", "-f", path("shop.yaml"));
    Path edited = workDir.resolve("shop.yaml");
    Files.writeString(edited, Files.readString(Path.of(path("shop.yaml"))).replace("mode: enforce", "mode: monitor"));

    Result result = meshward.run("policy", "apply", "-f", edited.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.outLines()).containsExactly(
        "WorkloadPolicy shop/payments-api updated (generation 2)",
        "WorkloadPolicy shop/catalog unchanged (generation 1)");
  }

  @Test
  void listShowsTheAppliedDocumentsInATable() {
    meshward.run("policy", "apply", "-f", path("shop.yaml"), "-f", path("mesh-config.yaml"));

    Result list = meshward.run("policy", "list");

    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.outLines().get(0)).isEqualTo("KIND            NAMESPACE  NAME          GENERATION  UPDATED");
    assertThat(list.outLines().subList(1, 4))
        .satisfiesExactly(
            line -> assertThat(line).matches("MeshConfig      -          default       1           \\S+Z"),
            line -> assertThat(line).matches("WorkloadPolicy  shop       catalog       1           \\S+Z"),
            line -> assertThat(line).matches("WorkloadPolicy  shop       payments-api  1           \\S+Z"));
    assertThat(meshward.run("policy", "list", "-n", "web").out()).isEqualTo(EMPTY_LIST);
  }

  @Test
  void anExportedFileAppliesAgainWithoutChangingAnything() throws Exception {
    meshward.run("policy", "apply", "-f", path("shop.yaml"), "-f", path("storefront.yaml"));
    Path exported = workDir.resolve("exported.yaml");

    Result export = meshward.run("policy", "export", "-o", exported.toString());
    Result again = meshward.run("policy", "apply", "-f", exported.toString());

    assertThat(export.exitCode()).as(export.toString()).isZero();
    assertThat(export.err()).isEqualTo("wrote " + exported + "\n");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.outLines()).containsExactly(
        "WorkloadPolicy shop/catalog unchanged (generation 1)",
        "WorkloadPolicy shop/payments-api unchanged (generation 1)",
        "WorkloadPolicy web/storefront unchanged (generation 1)");
  }

  @Test
  void exportPrintsCanonicalYamlFilteredByNamespaceAndKind() {
    meshward.run("policy", "apply", "-f", path("shop.yaml"), "-f", path("storefront.yaml"),
        "-f", path("mesh-config.yaml"));

    Result web = meshward.run("policy", "export", "-n", "web");
    Result meshConfig = meshward.run("policy", "export", "--kind", "MeshConfig");

    assertThat(web.out()).startsWith("apiVersion: meshward.io/v1alpha1\nkind: WorkloadPolicy\n")
        .contains("name: storefront").doesNotContain("payments");
    assertThat(meshConfig.out()).contains("kind: MeshConfig", "defaultMode: MONITOR").doesNotContain("WorkloadPolicy");
  }

  @Test
  void getPrintsOneDocumentAndMeshConfigNeedsNoNamespace() {
    meshward.run("policy", "apply", "-f", path("shop.yaml"), "-f", path("mesh-config.yaml"));

    Result policy = meshward.run("policy", "get", "WorkloadPolicy", "shop/payments-api");
    Result meshConfig = meshward.run("policy", "get", "MeshConfig", "default");

    assertThat(policy.exitCode()).as(policy.toString()).isZero();
    assertThat(policy.out()).contains("name: payments-api", "namespace: shop", "mode: ENFORCE");
    assertThat(meshConfig.exitCode()).as(meshConfig.toString()).isZero();
    assertThat(meshConfig.out()).contains("kind: MeshConfig", "defaultMode: MONITOR");
  }

  @Test
  void deleteRemovesADocumentAndGettingItThenFailsWithTheServersMessage() {
    meshward.run("policy", "apply", "-f", path("shop.yaml"));

    Result delete = meshward.run("policy", "delete", "WorkloadPolicy", "shop/catalog");
    Result get = meshward.run("policy", "get", "WorkloadPolicy", "shop/catalog");
    Result deleteAgain = meshward.run("policy", "delete", "WorkloadPolicy", "shop/catalog");

    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    assertThat(delete.out()).isEqualTo("WorkloadPolicy shop/catalog deleted\n");
    assertThat(get.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(get.err()).isEqualTo("error: no WorkloadPolicy shop/catalog\n");
    assertThat(deleteAgain.exitCode()).isEqualTo(ExitCodes.REFUSED);
  }

  @Test
  void aPolicyNameWithoutNamespaceIsAUsageError() {
    Result result = meshward.run("policy", "get", "WorkloadPolicy", "payments-api");
    Result unknownKind = meshward.run("policy", "get", "Gateway", "shop/front");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).startsWith(
        "error: a WorkloadPolicy is named NAMESPACE/NAME, got 'payments-api'\n");
    assertThat(unknownKind.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknownKind.err()).startsWith("error: unknown kind 'Gateway'; one of DlpSensor, MeshConfig, WafProfile, WorkloadPolicy\n");
  }

  @Test
  void anUnknownFieldIsReportedWithFileAndLineAndNothingIsApplied() {
    String file = path("unknown-field.yaml");

    Result result = meshward.run("policy", "apply", "-f", file);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines()).containsExactly(
        file + ":14:7: document 1 (WorkloadPolicy shop/payments-api): spec.ingress[0].prots: unknown field 'prots';"
            + " did you mean 'ports'?",
        "error: 1 problem found; nothing was applied");
    assertThat(meshward.run("policy", "list").out()).isEqualTo(EMPTY_LIST);
  }

  @Test
  void aBadCidrIsReportedWithFileAndLine() {
    String file = path("bad-cidr.yaml");

    Result result = meshward.run("policy", "apply", "-f", file);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.errLines()).first().asString().startsWith(
        file + ":13:17: document 1 (WorkloadPolicy backoffice/reports): spec.ingress[0].from[0].cidr:"
            + " invalid CIDR \"10.20.0.0/33\"");
    assertThat(meshward.run("policy", "list").out()).isEqualTo(EMPTY_LIST);
  }

  @Test
  void twoPoliciesWithTheSameSelectorAreRefused() {
    String file = path("conflicting-selectors.yaml");

    Result result = meshward.run("policy", "apply", "-f", file);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.errLines()).first().asString().startsWith(
        file + ":19:15: document 2 (WorkloadPolicy shop/payments-relaxed): spec.selector.workload:"
            + " selector workload=payments conflicts with WorkloadPolicy shop/payments-strict (document 1)");
    assertThat(meshward.run("policy", "list").out()).isEqualTo(EMPTY_LIST);
  }

  @Test
  void aBadSecondFileStopsTheFirstFromBeingApplied() {
    Result result = meshward.run("policy", "apply", "-f", path("shop.yaml"), "-f", path("bad-cidr.yaml"));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("bad-cidr.yaml:13:17:", "nothing was applied");
    assertThat(meshward.run("policy", "list").out()).isEqualTo(EMPTY_LIST);
  }

  @Test
  void filesThatConflictWithEachOtherAreRefusedBeforeAnythingIsSent() {
    Result result = meshward.run("policy", "apply", "-f", path("shop.yaml"), "-f", path("payments-takeover.yaml"));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.errLines()).first().asString()
        .startsWith(path("payments-takeover.yaml") + ":9:15: document 1 (WorkloadPolicy shop/payments-v2):")
        .contains("conflicts with WorkloadPolicy shop/payments-api (document 1 of " + path("shop.yaml") + ")");
    assertThat(meshward.run("policy", "list").out()).isEqualTo(EMPTY_LIST);
  }

  @Test
  void aConflictWithWhatIsInForceIsRefusedByTheServerWithFileAndLine() {
    meshward.run("policy", "apply", "-f", path("shop.yaml"));
    String file = path("payments-takeover.yaml");

    Result result = meshward.run("policy", "apply", "-f", file);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.errLines()).containsExactly(
        "error: the policy file is invalid; nothing was applied",
        file + ":9:15: document 1 (WorkloadPolicy shop/payments-v2): spec.selector.workload: selector"
            + " workload=payments conflicts with WorkloadPolicy shop/payments-api (already in force): two policies"
            + " cannot select the same workloads with the same selector");
  }

  @Test
  void whenTheServerRefusesOneFileNoFileIsApplied() {
    meshward.run("policy", "apply", "-f", path("shop.yaml"));
    String before = meshward.run("policy", "list").out();

    Result result = meshward.run("policy", "apply", "-f", path("storefront.yaml"), "-f",
        path("payments-takeover.yaml"));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.outLines()).isEmpty();
    assertThat(result.errLines()).first().asString().contains("nothing was applied");
    assertThat(result.errLines()).anyMatch(line -> line.startsWith(path("payments-takeover.yaml") + ":9:15:"));
    assertThat(meshward.run("policy", "list").out()).isEqualTo(before);
  }

  @Test
  void severalFilesAreAppliedTogether() {
    Result result = meshward.run("policy", "apply", "-f", path("shop.yaml"), "-f", path("storefront.yaml"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.outLines()).contains("WorkloadPolicy web/storefront created (generation 1)");
    assertThat(meshward.run("audit").out()).contains("web/storefront");
  }

  @Test
  void aDryRunChecksAgainstTheServerAndAppliesNothing() {
    Result result = meshward.run("policy", "apply", "--dry-run", "-f", path("shop.yaml"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.outLines()).containsExactly(
        "WorkloadPolicy shop/payments-api is valid (dry run, nothing applied)",
        "WorkloadPolicy shop/catalog is valid (dry run, nothing applied)");
    assertThat(meshward.run("policy", "list").out()).isEqualTo(EMPTY_LIST);
  }

  @Test
  void readsStandardInputForDash() throws Exception {
    String yaml = Files.readString(Path.of(path("storefront.yaml")));

    Result result = meshward.runWithStdin(yaml, "policy", "apply", "-f", "-");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.outLines()).containsExactly("WorkloadPolicy web/storefront created (generation 1)");
  }

  @Test
  void namesStandardInputInErrors() {
    Result result = meshward.runWithStdin("kind: WorkloadPolicy\n", "policy", "apply", "-f", "-");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.errLines()).allSatisfy(line -> assertThat(line).matches("<stdin>:.*|error: .*"));
  }

  @Test
  void aMissingFileIsReportedInOneLine() {
    Result result = meshward.run("policy", "apply", "-f", workDir.resolve("nope.yaml").toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.err()).isEqualTo("error: cannot read " + workDir.resolve("nope.yaml") + ": no such file\n");
  }

  @Test
  void applyWithoutFilesIsAUsageError() {
    Result result = meshward.run("policy", "apply");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("Missing required option: '--filename=FILE'");
  }
}
