package io.meshward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code meshward learned}: what the control plane learned of the traffic into each workload. */
@Command(name = "learned", description = "Show what the control plane learned of the mesh's traffic.",
    subcommands = {LearnedCommand.Show.class, LearnedCommand.Export.class, LearnedCommand.Accept.class,
        LearnedCommand.Reject.class})
final class LearnedCommand {

  /** {@code meshward learned export NAMESPACE/WORKLOAD}. */
  @Command(name = "export", description = "Print the workload's learned edges as a WorkloadPolicy (YAML) to review,"
      + " commit and apply with `meshward policy apply -f`.")
  static final class Export implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TARGET", description = "NAMESPACE/WORKLOAD, e.g. shop/orders.")
    private String target;

    @Mixin
    private ServerOptions server;

    @Override
    public Integer call() {
      checkTarget(spec, target);
      PrintWriter out = spec.commandLine().getOut();
      out.print(server.client().getText("/api/v1/learned/" + target + "/export"));
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code meshward learned accept NAMESPACE/WORKLOAD (--all | ID...)}. */
  @Command(name = "accept", description = "Put learned edges into the workload's allowlist: the proposals named by"
      + " ID (see `meshward learned show` or `meshward violations`), or every proposal with --all.")
  static final class Accept implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TARGET", description = "NAMESPACE/WORKLOAD.")
    private String target;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ID", description = "Edge ids.")
    private java.util.List<String> ids = new java.util.ArrayList<>();

    @Option(names = "--all", description = "Every proposal of the workload.")
    private boolean all;

    @Mixin
    private ServerOptions server;

    @Override
    public Integer call() {
      return decide(spec, server, target, ids, all, "accept");
    }
  }

  /** {@code meshward learned reject NAMESPACE/WORKLOAD ID...}. */
  @Command(name = "reject", description = "Keep learned edges out of the allowlist: each later sighting in MONITOR"
      + " or ENFORCE is a violation.")
  static final class Reject implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TARGET", description = "NAMESPACE/WORKLOAD.")
    private String target;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID", description = "Edge ids.")
    private java.util.List<String> ids = new java.util.ArrayList<>();

    @Mixin
    private ServerOptions server;

    @Override
    public Integer call() {
      return decide(spec, server, target, ids, false, "reject");
    }
  }

  private static int decide(CommandSpec spec, ServerOptions server, String target, java.util.List<String> ids,
                            boolean all, String verb) {
    checkTarget(spec, target);
    if (all == !ids.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "name edge ids, or --all (not both)");
    }
    AdminClient client = server.client();
    com.fasterxml.jackson.databind.node.ObjectNode body = client.json().createObjectNode();
    if (all) {
      body.put("all", true);
    } else {
      ids.forEach(body.putArray("edges")::add);
    }
    JsonNode reply = client.postJson("/api/v1/learned/" + target + "/" + verb, "application/json", body.toString());
    PrintWriter out = spec.commandLine().getOut();
    java.util.List<String> decided = new java.util.ArrayList<>();
    reply.path("edges").forEach(id -> decided.add(id.asText()));
    out.println(decided.isEmpty() ? "nothing to " + verb
        : verb + "ed " + decided.size() + " edge" + (decided.size() == 1 ? "" : "s") + " of " + target + ": "
            + String.join(", ", decided));
    out.flush();
    return ExitCodes.OK;
  }

  static void checkTarget(CommandSpec spec, String target) {
    if (target != null && !target.matches("[^/\\s]+/[^/\\s]+")) {
      throw new ParameterException(spec.commandLine(), "TARGET must be NAMESPACE/WORKLOAD, got '" + target + "'");
    }
  }

  /** {@code meshward learned show [NAMESPACE/WORKLOAD]}. */
  @Command(name = "show", description = "Without a target: the workloads with learned edges. With one"
      + " (NAMESPACE/WORKLOAD): its learned edges, one per source, port, method and path template.")
  static final class Show implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "TARGET", description = "NAMESPACE/WORKLOAD, e.g. shop/orders.")
    private String target;

    @Mixin
    private OutputOptions output;

    @Mixin
    private ServerOptions server;

    @Override
    public Integer call() {
      checkTarget(spec, target);
      AdminClient client = server.client();
      JsonNode reply = client.getJson(target == null ? "/api/v1/learned" : "/api/v1/learned/" + target);
      PrintWriter out = spec.commandLine().getOut();
      if (output.format() != OutputFormat.TABLE) {
        out.print(output.format().render(reply, client.json()));
        out.flush();
        return ExitCodes.OK;
      }
      Table table;
      if (target == null) {
        table = new Table("WORKLOAD", "EDGES");
        reply.forEach(w -> table.row(w.path("workload").asText(), w.path("edges").asInt()));
      } else {
        table = new Table("ID", "STATE", "SOURCE", "PORT", "PROTOCOL", "METHOD", "PATH", "COUNT", "FIRST SEEN",
            "LAST SEEN");
        reply.path("edges").forEach(e -> table.row(e.path("id").asText(), e.path("state").asText(),
            e.path("source").asText(), e.path("port").asInt(),
            e.path("protocol").asText(), text(e.path("method")), text(e.path("path")), e.path("count").asLong(),
            TimeText.isoSeconds(e.path("firstSeen").asText()), TimeText.isoSeconds(e.path("lastSeen").asText())));
      }
      out.print(table.render());
      out.flush();
      return ExitCodes.OK;
    }

    private static String text(JsonNode node) {
      return node.isNull() || node.isMissingNode() ? "-" : node.asText();
    }
  }
}
