package io.meshward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code meshward audit}: who changed what is in force, oldest first. */
@Command(name = "audit", description = "List the audit trail: every policy and mode change, oldest first.")
final class AuditCommand implements Callable<Integer> {
  /** The API's own cap on one page. */
  private static final int MAX_LIMIT = 1000;

  @Spec
  private CommandSpec spec;

  @Option(names = "--after", paramLabel = "SEQ", defaultValue = "0",
      description = "Only entries after this sequence number (to page, pass the last SEQ seen).")
  private long after;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "At most N entries, 1-" + MAX_LIMIT + " (default: 100).")
  private int limit;

  @Mixin
  private OutputOptions output;

  @Mixin
  private ServerOptions server;

  @Override
  public Integer call() {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ParameterException(spec.commandLine(),
          "--limit must be 1-" + MAX_LIMIT + ", got " + limit);
    }
    AdminClient client = server.client();
    JsonNode entries = client.getJson("/api/v1/audit?after=" + after + "&limit=" + limit);
    PrintWriter out = spec.commandLine().getOut();
    if (output.format() != OutputFormat.TABLE) {
      out.print(output.format().render(entries, client.json()));
      out.flush();
      return ExitCodes.OK;
    }
    Table table = new Table("SEQ", "TIME", "ACTION", "TARGET", "DETAIL");
    long last = after;
    for (JsonNode entry : entries) {
      last = entry.path("seq").asLong();
      table.row(last, TimeText.isoSeconds(entry.path("at").asText()), entry.path("action").asText(),
          entry.path("target").asText(), entry.path("detail").asText());
    }
    out.print(table.render());
    out.flush();
    if (entries.size() == limit) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("there may be more: meshward audit --after " + last);
      err.flush();
    }
    return ExitCodes.OK;
  }
}
