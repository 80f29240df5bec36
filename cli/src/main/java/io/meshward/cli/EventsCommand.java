package io.meshward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code meshward events}: the security events waf-filter reported, oldest first. */
@Command(name = "events", description = "List the security events waf-filter reported (detections and denials),"
    + " oldest first; --flows lists flow observations instead.")
final class EventsCommand implements Callable<Integer> {
  private static final int MAX_LIMIT = 1000;

  @Spec
  private CommandSpec spec;

  @Option(names = "--flows", description = "List flow observations (every checked request) instead of events.")
  private boolean flows;

  @Option(names = "--since", paramLabel = "TIME",
      description = "Only what was seen at or after TIME (ISO-8601, e.g. 2026-05-01T10:00:00Z).")
  private String since;

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
      throw new ParameterException(spec.commandLine(), "--limit must be 1-" + MAX_LIMIT + ", got " + limit);
    }
    AdminClient client = server.client();
    String path = (flows ? "/api/v1/flows" : "/api/v1/events") + "?after=" + after + "&limit=" + limit
        + (since == null ? "" : "&since=" + AdminClient.query(since));
    JsonNode entries = client.getJson(path);
    PrintWriter out = spec.commandLine().getOut();
    if (output.format() != OutputFormat.TABLE) {
      out.print(output.format().render(entries, client.json()));
      out.flush();
      return ExitCodes.OK;
    }
    Table table = flows
        ? new Table("SEQ", "TIME", "SOURCE", "DESTINATION", "PORT", "METHOD", "PATH", "VERDICT", "MODE")
        : new Table("SEQ", "TIME", "WORKLOAD", "SOURCE", "SEVERITY", "SCORE", "RULES", "MODE", "ACTION");
    long last = after;
    for (JsonNode e : entries) {
      last = e.path("seq").asLong();
      String source = e.path("sourcePrincipal").asText().isEmpty()
          ? e.path("sourceAddress").asText() : e.path("sourcePrincipal").asText();
      if (flows) {
        table.row(last, TimeText.isoSeconds(e.path("time").asText()), source,
            e.path("destinationWorkload").asText(), e.path("port").asInt(), e.path("method").asText(),
            e.path("path").asText(), e.path("verdict").asText(), e.path("mode").asText());
      } else {
        List<String> ids = new ArrayList<>();
        e.path("rules").forEach(rule -> ids.add(rule.path("id").asText()));
        table.row(last, TimeText.isoSeconds(e.path("time").asText()), e.path("workload").asText(), source,
            e.path("severity").asText(), e.path("inboundScore").asInt() + e.path("outboundScore").asInt(),
            String.join(",", ids), e.path("mode").asText(), e.path("action").asText());
      }
    }
    out.print(table.render());
    out.flush();
    if (entries.size() == limit) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("there may be more: meshward events " + (flows ? "--flows " : "") + "--after " + last);
      err.flush();
    }
    return ExitCodes.OK;
  }
}
