package io.meshward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshward.controlplane.mesh.ModeTarget;
import io.meshward.policy.model.Mode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code meshward mode ...}: the operator's overrides of a namespace's or a workload's mode, which beat what the
 * policies and the mesh default say.
 */
@Command(name = "mode", description = "Set, show and clear mode overrides (LEARN, MONITOR, ENFORCE).")
final class ModeCommand implements Callable<Integer> {
  private static final String TARGET_HELP = "namespace, or namespace/workload";
  private static final String NONE = "(not set)";

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  @Command(name = "set", description = "Override the mode of a namespace or of one workload.")
  int set(
      @Parameters(index = "0", paramLabel = "TARGET", converter = TargetConverter.class, description = TARGET_HELP)
      ModeTarget target,
      @Parameters(index = "1", paramLabel = "MODE", converter = ModeConverter.class,
          description = "learn, monitor or enforce") Mode mode,
      @Mixin ServerOptions server) {
    JsonNode change = server.client().putJson(path(target), Map.of("mode", mode.name().toLowerCase(Locale.ROOT)));
    println(change.path("target").asText() + ": " + orNone(change.path("previous")) + " -> "
        + orNone(change.path("mode")));
    return ExitCodes.OK;
  }

  @Command(name = "get", description = "Show the override of a target and the mode of its workloads.")
  int get(
      @Parameters(index = "0", paramLabel = "TARGET", converter = TargetConverter.class, description = TARGET_HELP)
      ModeTarget target,
      @Mixin OutputOptions output,
      @Mixin ServerOptions server) {
    AdminClient client = server.client();
    JsonNode mode = client.getJson(path(target));
    if (output.format() != OutputFormat.TABLE) {
      print(output.format().render(mode, client.json()));
      return ExitCodes.OK;
    }
    JsonNode override = mode.path("override");
    StringBuilder text = new StringBuilder(mode.path("target").asText()).append(": ")
        .append(override.isTextual() ? override.asText() + " (override)" : "no override").append('\n');
    Table workloads = new Table("NODE", "WORKLOAD", "MODE", "CONNECTED");
    for (JsonNode workload : mode.path("workloads")) {
      workloads.row(workload.path("node").asText(), workload.path("workload").asText(),
          WorkloadRow.mode(workload.path("mode").asText(), workload.path("modeSource").asText()),
          workload.path("connected").asBoolean() ? "yes" : "no");
    }
    text.append(workloads.isEmpty() ? "no workload of this target is known\n" : workloads.render());
    print(text.toString());
    return ExitCodes.OK;
  }

  @Command(name = "clear", description = "Remove the override: the policy or the mesh default decides again.")
  int clear(
      @Parameters(index = "0", paramLabel = "TARGET", converter = TargetConverter.class, description = TARGET_HELP)
      ModeTarget target,
      @Mixin ServerOptions server) {
    JsonNode change = server.client().deleteJson(path(target));
    JsonNode previous = change.path("previous");
    println(change.path("target").asText() + ": " + (previous.isTextual()
        ? previous.asText() + " -> " + NONE
        : "no override was set"));
    return ExitCodes.OK;
  }

  @Command(name = "list", description = "List every override.")
  int list(
      @Mixin OutputOptions output,
      @Mixin ServerOptions server) {
    AdminClient client = server.client();
    JsonNode overrides = client.getJson("/api/v1/modes");
    if (output.format() != OutputFormat.TABLE) {
      print(output.format().render(overrides, client.json()));
      return ExitCodes.OK;
    }
    Table table = new Table("TARGET", "MODE");
    overrides.forEach(o -> table.row(o.path("target").asText(), o.path("mode").asText()));
    print(table.render());
    return ExitCodes.OK;
  }

  private static String path(ModeTarget target) {
    return "/api/v1/modes/" + AdminClient.segment(target.namespace())
        + target.workload().map(w -> "/" + AdminClient.segment(w)).orElse("");
  }

  private static String orNone(JsonNode mode) {
    return mode.isTextual() ? mode.asText() : NONE;
  }

  private void println(String line) {
    print(line + "\n");
  }

  private void print(String text) {
    PrintWriter out = spec.commandLine().getOut();
    out.print(text);
    out.flush();
  }

  /** Checked here, so that a typo is a usage error and never reaches the control plane. */
  static final class TargetConverter implements ITypeConverter<ModeTarget> {
    @Override
    public ModeTarget convert(String value) {
      try {
        return ModeTarget.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class ModeConverter implements ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      return Mode.parse(value).orElseThrow(() -> new TypeConversionException("unknown mode '" + value + "'; one of "
          + Arrays.stream(Mode.values()).map(m -> m.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "))));
    }
  }
}
