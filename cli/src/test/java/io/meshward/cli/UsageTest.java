package io.meshward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.cli.MeshwardCli.Result;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("meshward usage: help, version, mistakes on the command line")
class UsageTest {
  private final MeshwardCli meshward = MeshwardCli.offline();

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Result result = meshward.run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Usage: meshward", "up", "policy", "mode", "workloads", "xds", "audit",
        "Exit codes:", "3  the control plane could not be reached");
  }

  @Test
  void everyClientCommandTakesServer() {
    for (String[] command : new String[][] {{"workloads"}, {"audit"}, {"policy", "apply"}, {"policy", "list"},
        {"policy", "export"}, {"policy", "get"}, {"policy", "delete"}, {"mode", "set"}, {"mode", "get"},
        {"mode", "clear"}, {"mode", "list"}, {"xds", "dump"}}) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";

      assertThat(meshward.run(args).out()).as(String.join(" ", command))
          .contains("--server=URL", "$MESHWARD_SERVER");
    }
  }

  @Test
  void versionIsTheProjectVersion() {
    Result result = meshward.run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).matches("meshward \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
  }

  @Test
  void anUnknownCommandIsAUsageErrorWithASuggestion() {
    Result result = meshward.run("workload");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("Unmatched argument at index 0: 'workload'", "workloads",
        "Run 'meshward --help' for usage.");
  }

  @Test
  void aGroupWithoutItsCommandPrintsItsUsageAndExitsTwo() {
    Result result = meshward.run("policy");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("Usage: meshward policy", "apply", "validate");
  }

  @Test
  void nothingAtAllPrintsTheUsageAndExitsTwo() {
    Result result = meshward.run();

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("Usage: meshward");
  }
}
