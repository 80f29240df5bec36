package io.meshward.cli;

import io.meshward.waf.service.WafFilterServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code meshward waf-filter}: the inspection service alone, in the foreground until SIGINT or SIGTERM. */
@Command(name = "waf-filter", sortOptions = false,
    description = "Run waf-filter alone: the WAF Envoy calls through ext_authz (requests) and ext_proc (responses),"
        + " with gRPC health and reflection, on one port. Runs in the foreground until Ctrl-C (SIGINT) or SIGTERM.")
final class WafFilterCommand implements Callable<Integer> {
  @ParentCommand
  private MeshwardCommand meshward;

  @Spec
  private CommandSpec spec;

  @Mixin
  private WafFilterOptions options;

  @Override
  public Integer call() throws InterruptedException {
    var crs = options.crsDirectory().orElseThrow(() -> CommandFailure.of(ExitCodes.USAGE,
        "waf-filter needs the CRS: give --crs DIR or set $" + io.meshward.waf.service.WafFilterConfig.CRS_ENV));
    WafFilterServer server = WafFilterOptions.start(options.config(crs, java.util.Optional.empty()));
    PrintWriter out = spec.commandLine().getOut();
    out.println("meshward " + VersionProvider.version() + " waf-filter is up");
    ListeningReport.printWafFilter(out, server);
    out.println("Press Ctrl-C to stop.");
    out.flush();
    meshward.environment().shutdown().awaitThen(() -> {
      server.close();
      out.println("stopped");
      out.flush();
    });
    return ExitCodes.OK;
  }
}
