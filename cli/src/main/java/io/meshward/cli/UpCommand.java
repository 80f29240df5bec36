package io.meshward.cli;

import io.meshward.controlplane.ControlPlane;
import io.meshward.controlplane.ControlPlaneConfig;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import io.meshward.waf.service.WafFilterServer;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code meshward up}: runs the control plane in the foreground until SIGINT or SIGTERM. */
@Command(name = "up", sortOptions = false,
    description = "Run the control plane (xDS for sidecars and proxyless gRPC servers, the admin API for this command)"
        + " and, when the CRS is found, waf-filter beside it. Runs in the foreground until Ctrl-C (SIGINT) or SIGTERM.")
final class UpCommand implements Callable<Integer> {
  @ParentCommand
  private MeshwardCommand meshward;

  @Spec
  private CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Where the database lives; created when missing (default: $" + ControlPlaneConfig.DATA_DIR_ENV
          + ", else " + ControlPlaneConfig.DEFAULT_DATA_DIR + " in the working directory).")
  private Path dataDir;

  @Option(names = "--xds-address", paramLabel = "HOST:PORT", converter = HostPort.BindAddressConverter.class,
      description = "Where the xDS gRPC server (and the telemetry waf-filter sends) listens; default "
          + "127.0.0.1:" + ControlPlaneConfig.DEFAULT_XDS_PORT + " (port 0 picks a free one).")
  private InetSocketAddress xdsAddress;

  @Option(names = "--admin-address", paramLabel = "HOST:PORT", converter = HostPort.BindAddressConverter.class,
      description = "Where the admin API listens (default: 127.0.0.1:" + ControlPlaneConfig.DEFAULT_ADMIN_PORT
          + "; port 0 picks a free one).")
  private InetSocketAddress adminAddress;

  @Option(names = "--advertise-address", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
      description = "The address at which sidecars reach the xDS port, when it is not the listening address"
          + " (behind NAT, in a container).")
  private HostPort advertiseAddress;

  @Mixin
  private WafFilterOptions waf;

  @Override
  public Integer call() throws InterruptedException {
    ControlPlaneConfig config = config();
    StartupFailures.requireFree(config.xdsAddress(), "xDS", "--xds-address");
    StartupFailures.requireFree(config.adminAddress(), "the admin API", "--admin-address");
    ControlPlane controlPlane;
    try {
      controlPlane = ControlPlane.start(config);
    } catch (RuntimeException e) {
      throw StartupFailures.explain(e, config);
    }
    // waf-filter second, so that it knows the control plane's bound port for its events (the xDS port may be 0).
    Optional<WafFilterServer> wafFilter;
    try {
      Optional<String> local = Optional.of(ListeningReport.reachableXds(controlPlane));
      wafFilter = waf.crsDirectory().map(crs -> WafFilterOptions.start(waf.config(crs, local)));
    } catch (RuntimeException e) {
      controlPlane.close();
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    new ListeningReport(controlPlane, wafFilter).print(out);
    out.flush();
    meshward.environment().shutdown().awaitThen(() -> {
      wafFilter.ifPresent(WafFilterServer::close);
      controlPlane.close();
      out.println("stopped");
      out.flush();
    });
    return ExitCodes.OK;
  }

  private ControlPlaneConfig config() {
    ControlPlaneConfig config = ControlPlaneConfig.defaults();
    if (dataDir != null) {
      config = config.withDataDir(dataDir);
    }
    if (xdsAddress != null) {
      config = config.withXdsAddress(xdsAddress);
    }
    if (adminAddress != null) {
      config = config.withAdminAddress(adminAddress);
    }
    if (advertiseAddress != null) {
      config = config.withAdvertisedAddress(advertiseAddress.toString());
    }
    return config;
  }
}
