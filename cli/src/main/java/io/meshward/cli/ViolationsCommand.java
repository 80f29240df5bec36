package io.meshward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meshward violations}: flows seen in MONITOR or ENFORCE outside the allowlist. */
@Command(name = "violations", description = "Flows seen in MONITOR or ENFORCE outside the allowlist, most recent"
    + " first; accept them with `meshward learned accept` or reject them with `meshward learned reject`.")
final class ViolationsCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private OutputOptions output;

  @Mixin
  private ServerOptions server;

  @Override
  public Integer call() {
    AdminClient client = server.client();
    JsonNode rows = client.getJson("/api/v1/violations");
    PrintWriter out = spec.commandLine().getOut();
    if (output.format() != OutputFormat.TABLE) {
      out.print(output.format().render(rows, client.json()));
      out.flush();
      return ExitCodes.OK;
    }
    Table table = new Table("WORKLOAD", "ID", "STATE", "SOURCE", "PORT", "METHOD", "PATH", "VIOLATIONS",
        "LAST SEEN");
    for (JsonNode v : rows) {
      table.row(v.path("workload").asText(), v.path("id").asText(), v.path("state").asText(),
          v.path("source").asText(), v.path("port").asInt(), text(v.path("method")), text(v.path("path")),
          v.path("violations").asLong(), TimeText.isoSeconds(v.path("lastSeen").asText()));
    }
    out.print(table.render());
    out.flush();
    return ExitCodes.OK;
  }

  private static String text(JsonNode node) {
    return node.isNull() || node.isMissingNode() ? "-" : node.asText();
  }
}
