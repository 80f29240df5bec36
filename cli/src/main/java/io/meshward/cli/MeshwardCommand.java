package io.meshward.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root of the command tree; holds what every command shares. */
@Command(
    name = "meshward",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    description = {
        "A zero-trust gateway for service meshes: YAML policies and per-workload modes (LEARN, MONITOR, ENFORCE)"
            + " served to Envoy sidecars and proxyless gRPC servers as RBAC over xDS.",
        ""},
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  done",
        "  1  refused: by the control plane, or by a local check (policy validation)",
        "  2  usage error",
        "  3  the control plane could not be reached"},
    subcommands = {
        UpCommand.class,
        WafFilterCommand.class,
        PolicyCommand.class,
        ModeCommand.class,
        WorkloadsCommand.class,
        XdsCommand.class,
        AuditCommand.class,
        EventsCommand.class,
        LearnedCommand.class,
        QuarantineCommand.class,
        ViolationsCommand.class,
        DemoCommand.class,
        WafCommand.class,
        HelpCommand.class})
final class MeshwardCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @Spec
  private CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print the stack trace of errors (for bug reports).")
  private boolean verbose;

  MeshwardCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  /** The command line with meshward's error handling, as {@link Main} runs it and as tests run it. */
  static CommandLine newCommandLine(CliEnvironment environment) {
    ErrorHandlers handlers = new ErrorHandlers();
    return new CommandLine(new MeshwardCommand(environment))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(handlers)
        .setExecutionExceptionHandler(handlers);
  }

  CliEnvironment environment() {
    return environment;
  }

  boolean verbose() {
    return verbose;
  }

  /** {@code meshward} alone: say what there is to do. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
