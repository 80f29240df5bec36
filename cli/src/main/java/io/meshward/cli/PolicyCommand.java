package io.meshward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code meshward policy ...}: policy documents, as files and as the control plane stores them. */
@Command(name = "policy", description = "Apply, check, list, export, show and delete policy documents.")
final class PolicyCommand implements Callable<Integer> {
  @ParentCommand
  private MeshwardCommand meshward;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  @Command(name = "apply", description = {
      "Apply policy files. All files are checked here first, and nothing is sent when one of them is invalid;"
          + " then the control plane applies them all in one transaction, or none of them."})
  int apply(
      @Option(names = {"-f", "--filename"}, paramLabel = "FILE", required = true,
          description = "A policy file, or - for standard input. Repeat for several files.") List<String> paths,
      @Option(names = "--dry-run", description = "Let the control plane check the files, and apply nothing.")
      boolean dryRun,
      @Mixin ServerOptions server) {
    PolicyFiles policyFiles = new PolicyFiles(meshward.environment().stdin());
    List<PolicyFile> files = policyFiles.read(paths);
    PolicyFiles.Checked checked = policyFiles.check(files);
    if (!checked.ok()) {
      List<String> lines = new ArrayList<>(checked.errorLines());
      lines.add("error: " + problems(checked.errors().size()) + " found; nothing was applied");
      throw new CommandFailure(ExitCodes.REFUSED, lines);
    }
    // One request: the control plane applies every file in one transaction, or none of them.
    List<Map<String, String>> body = new ArrayList<>();
    for (PolicyFile file : files) {
      body.add(Map.of("source", file.name(), "yaml", file.text()));
    }
    JsonNode result = server.client().postJson("/api/v1/policies" + (dryRun ? "?dryRun=true" : ""),
        AdminClient.JSON, server.client().json().valueToTree(Map.of("files", body)).toString());
    printApplied(result, dryRun);
    return ExitCodes.OK;
  }

  @Command(name = "validate", description = "Check policy files without a control plane: syntax, fields, values,"
      + " and conflicts within and between the files (not against what is in force: use apply --dry-run).")
  int validate(
      @Option(names = {"-f", "--filename"}, paramLabel = "FILE", required = true,
          description = "A policy file, or - for standard input. Repeat for several files.") List<String> paths) {
    PolicyFiles policyFiles = new PolicyFiles(meshward.environment().stdin());
    PolicyFiles.Checked checked = policyFiles.check(policyFiles.read(paths));
    PrintWriter out = spec.commandLine().getOut();
    for (PolicyFiles.CheckedFile file : checked.files()) {
      if (checked.ok(file.file())) {
        int count = file.documents().size();
        out.println(file.file().name() + ": " + count + (count == 1 ? " document" : " documents") + " OK");
      }
    }
    out.flush();
    if (!checked.ok()) {
      List<String> lines = new ArrayList<>(checked.errorLines());
      lines.add("error: " + problems(checked.errors().size()) + " found");
      throw new CommandFailure(ExitCodes.REFUSED, lines);
    }
    return ExitCodes.OK;
  }

  @Command(name = "list", description = "List the policy documents in force.")
  int list(
      @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Only this namespace.") String namespace,
      @Mixin OutputOptions output,
      @Mixin ServerOptions server) {
    AdminClient client = server.client();
    JsonNode documents = client.getJson("/api/v1/policies"
        + (namespace == null ? "" : "?namespace=" + AdminClient.query(namespace)));
    PrintWriter out = spec.commandLine().getOut();
    if (output.format() != OutputFormat.TABLE) {
      out.print(output.format().render(documents, client.json()));
    } else {
      Table table = new Table("KIND", "NAMESPACE", "NAME", "GENERATION", "UPDATED");
      for (JsonNode document : documents) {
        table.row(document.path("kind").asText(), document.path("namespace").asText(),
            document.path("name").asText(), document.path("generation").asLong(),
            TimeText.isoSeconds(document.path("updatedAt").asText()));
      }
      out.print(table.render());
    }
    out.flush();
    return ExitCodes.OK;
  }

  @Command(name = "export", description = "Print the documents in force as one YAML file, in canonical form"
      + " (ready to commit; applying it again changes nothing).")
  int export(
      @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Only this namespace.") String namespace,
      @Option(names = "--kind", paramLabel = "KIND",
          description = "Only this kind (DlpSensor, MeshConfig, WafProfile, WorkloadPolicy).")
      String kind,
      @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
      Path outputFile,
      @Mixin ServerOptions server) {
    List<String> query = new ArrayList<>();
    if (namespace != null) {
      query.add("namespace=" + AdminClient.query(namespace));
    }
    if (kind != null) {
      query.add("kind=" + AdminClient.query(kind));
    }
    String yaml = server.client().getText("/api/v1/policies/export"
        + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    writeOrPrint(yaml, outputFile);
    return ExitCodes.OK;
  }

  @Command(name = "get", description = "Print one document in force, as YAML.")
  int get(
      @Parameters(index = "0", paramLabel = "KIND",
          description = "DlpSensor, MeshConfig, WafProfile or WorkloadPolicy.")
      String kind,
      @Parameters(index = "1", paramLabel = "NAMESPACE/NAME",
          description = "e.g. shop/payments-api; for a MeshConfig, WafProfile or DlpSensor just the name")
      String name,
      @Mixin ServerOptions server) {
    String yaml = server.client().getText(ref(kind, name).apiPath());
    writeOrPrint(yaml, null);
    return ExitCodes.OK;
  }

  @Command(name = "delete", description = "Delete one document. Deleting the MeshConfig restores the defaults.")
  int delete(
      @Parameters(index = "0", paramLabel = "KIND",
          description = "DlpSensor, MeshConfig, WafProfile or WorkloadPolicy.")
      String kind,
      @Parameters(index = "1", paramLabel = "NAMESPACE/NAME",
          description = "e.g. shop/payments-api; for a MeshConfig, WafProfile or DlpSensor just the name")
      String name,
      @Mixin ServerOptions server) {
    PolicyRef ref = ref(kind, name);
    JsonNode result = server.client().deleteJson(ref.apiPath());
    PrintWriter out = spec.commandLine().getOut();
    out.println(result.path("deleted").asText(ref.toString()) + " deleted");
    out.flush();
    return ExitCodes.OK;
  }

  private PolicyRef ref(String kind, String name) {
    try {
      return PolicyRef.parse(kind, name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private void printApplied(JsonNode result, boolean dryRun) {
    PrintWriter out = spec.commandLine().getOut();
    if (dryRun) {
      for (JsonNode document : result.path("documents")) {
        out.println(new PolicyRef(document.path("kind").asText(), document.path("namespace").asText(),
            document.path("name").asText()) + " is valid (dry run, nothing applied)");
      }
    } else {
      for (JsonNode document : result.path("applied")) {
        JsonNode key = document.path("key");
        out.println(new PolicyRef(key.path("kind").asText(), key.path("namespace").asText(),
            key.path("name").asText()) + " " + document.path("action").asText().toLowerCase(Locale.ROOT)
            + " (generation " + document.path("generation").asLong() + ")");
      }
    }
    out.flush();
    // Warnings go with the errors, so that stdout stays the record of what was done.
    PrintWriter err = spec.commandLine().getErr();
    result.path("warnings").forEach(warning -> err.println("warning: " + warning.asText()));
    err.flush();
  }

  private void writeOrPrint(String text, Path file) {
    if (file == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
      return;
    }
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CommandFailure.of(ExitCodes.REFUSED, "cannot write " + file + ": " + e.getMessage(), e);
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("wrote " + file);
    err.flush();
  }

  private static String problems(int count) {
    return count + (count == 1 ? " problem" : " problems");
  }
}
