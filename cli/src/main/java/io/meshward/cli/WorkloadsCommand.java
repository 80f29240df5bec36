package io.meshward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code meshward workloads}: every node the control plane knows, and whether it took its configuration. */
@Command(name = "workloads", description = "List the nodes (sidecars and proxyless servers) the control plane knows:"
    + " their mode, policy, configuration version, ACK/NACK state and connection.")
final class WorkloadsCommand implements Callable<Integer> {
  @ParentCommand
  private MeshwardCommand meshward;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Only this namespace.")
  private String namespace;

  @Mixin
  private OutputOptions output;

  @Mixin
  private ServerOptions server;

  @Override
  public Integer call() {
    AdminClient client = server.client();
    JsonNode statuses = client.getJson("/api/v1/workloads"
        + (namespace == null ? "" : "?namespace=" + AdminClient.query(namespace)));
    PrintWriter out = spec.commandLine().getOut();
    if (output.format() != OutputFormat.TABLE) {
      out.print(output.format().render(statuses, client.json()));
      out.flush();
      return ExitCodes.OK;
    }
    Table table = new Table(WorkloadRow.HEADERS);
    for (JsonNode status : statuses) {
      table.row(WorkloadRow.cells(status, meshward.environment().clock().instant()));
    }
    out.print(table.render());
    out.flush();
    // On stderr: they explain the table, and stdout stays one table for scripts.
    PrintWriter err = spec.commandLine().getErr();
    for (JsonNode status : statuses) {
      for (JsonNode warning : status.path("warnings")) {
        err.println("warning: " + status.path("identity").path("nodeId").asText() + ": " + warning.asText());
      }
    }
    err.flush();
    return ExitCodes.OK;
  }
}
