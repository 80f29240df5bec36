package io.meshward.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meshward xds ...}: what the control plane serves a node, for debugging a sidecar's configuration. */
@Command(name = "xds", description = "Inspect what the control plane serves over xDS.")
final class XdsCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  /** What to dump: the resources as served, or an Envoy bootstrap embedding them (for {@code envoy --mode validate}). */
  enum DumpFormat { RESOURCES, BOOTSTRAP }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  @Command(name = "dump", description = "Print a node's listeners, routes and clusters as YAML.")
  int dump(
      @Parameters(index = "0", paramLabel = "NODE_ID", description = "The node id, as `meshward workloads` shows it.")
      String nodeId,
      @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "resources",
          description = "resources (as served) or bootstrap (a static Envoy config for `envoy --mode validate`);"
              + " default: resources.") DumpFormat format,
      @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
      Path outputFile,
      @Mixin ServerOptions server) {
    String yaml = server.client().getText("/api/v1/xds/" + AdminClient.segment(nodeId)
        + "?format=" + format.name().toLowerCase(Locale.ROOT));
    if (outputFile == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(yaml);
      out.flush();
      return ExitCodes.OK;
    }
    try {
      Files.writeString(outputFile, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CommandFailure.of(ExitCodes.REFUSED, "cannot write " + outputFile + ": " + e.getMessage(), e);
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("wrote " + outputFile);
    err.flush();
    return ExitCodes.OK;
  }
}
