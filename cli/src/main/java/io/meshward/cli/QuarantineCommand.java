package io.meshward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meshward quarantine}: sources denied mesh-wide after attacks. */
@Command(name = "quarantine", description = "List and release quarantined sources (denied on every node after"
    + " attacks, per MeshConfig spec.quarantine).",
    subcommands = {QuarantineCommand.ListQuarantines.class, QuarantineCommand.Release.class})
final class QuarantineCommand {

  /** {@code meshward quarantine list [--all]}. */
  @Command(name = "list", description = "The quarantines in force, newest first; --all adds ended and expired ones.")
  static final class ListQuarantines implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--all", description = "Also list quarantines that ended (released or expired).")
    private boolean all;

    @Mixin
    private OutputOptions output;

    @Mixin
    private ServerOptions server;

    @Override
    public Integer call() {
      AdminClient client = server.client();
      JsonNode rows = client.getJson("/api/v1/quarantines" + (all ? "?all=true&limit=1000" : ""));
      PrintWriter out = spec.commandLine().getOut();
      if (output.format() != OutputFormat.TABLE) {
        out.print(output.format().render(rows, client.json()));
        out.flush();
        return ExitCodes.OK;
      }
      Table table = new Table("ID", "SOURCE", "STATE", "SINCE", "UNTIL", "EVENTS", "REASON");
      for (JsonNode q : rows) {
        List<String> events = new ArrayList<>();
        q.path("events").forEach(e -> events.add(e.asText()));
        table.row(q.path("id").asText(), q.path("source").asText(), q.path("state").asText(),
            TimeText.isoSeconds(q.path("createdAt").asText()), TimeText.isoSeconds(q.path("expiresAt").asText()),
            events.size(), q.path("reason").asText());
      }
      out.print(table.render());
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code meshward quarantine release ID [--reason TEXT]}. */
  @Command(name = "release", description = "End a quarantine now: its source is let through again on every node.")
  static final class Release implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The quarantine's id, as `meshward quarantine list` shows it.")
    private String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    private String reason;

    @Mixin
    private ServerOptions server;

    @Override
    public Integer call() {
      AdminClient client = server.client();
      ObjectNode body = client.json().createObjectNode();
      if (reason != null) {
        body.put("reason", reason);
      }
      JsonNode reply = client.postJson("/api/v1/quarantines/" + AdminClient.query(id) + "/release",
          "application/json", body.toString());
      PrintWriter out = spec.commandLine().getOut();
      out.println("quarantine " + reply.path("released").asText() + " released (" + reply.path("reason").asText()
          + ")");
      out.flush();
      return ExitCodes.OK;
    }
  }
}
