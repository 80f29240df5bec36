package io.meshward.cli;

import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import io.meshward.cli.demo.DemoWorkload;
import io.meshward.cli.demo.EnvoyShapes;
import io.meshward.controlplane.ControlPlane;
import io.meshward.controlplane.ControlPlaneConfig;
import io.meshward.waf.service.ReportingConfig;
import io.meshward.waf.service.WafFilterConfig;
import io.meshward.waf.service.WafFilterServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code meshward demo}: the product's story end to end, on loopback, in this process: a control plane, waf-filter,
 * and a grpc-java xDS server as the workload, with requests shaped as an Envoy sidecar sends them. Each step says
 * what happens and shows the command an operator would type, run against the demo's control plane.
 */
@Command(name = "demo", description = "Run the whole story on loopback in this process, without Envoy: learn,"
    + " review, enforce, an attack blocked, a card number masked, an attacker quarantined (about a minute;"
    + " Linux: callers use 127.0.0.2 and 127.0.0.3).")
final class DemoCommand implements Callable<Integer> {
  private static final String CHECKOUT = "127.0.0.2";
  private static final String STRANGER = "127.0.0.3";
  private static final String ATTACK = "/api/orders?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--";

  @Spec
  private CommandSpec spec;

  @Option(names = "--crs", paramLabel = "DIR",
      description = "The OWASP CRS v4 directory; default: $" + WafFilterConfig.CRS_ENV + ".")
  private Path crs;

  @ParentCommand
  private MeshwardCommand meshward;

  private PrintWriter out;
  private String adminUrl;
  private int step;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    Path crsDirectory = crsDirectory();
    Path data = Files.createTempDirectory("meshward-demo-");
    try {
      return run(crsDirectory, data);
    } finally {
      deleteQuietly(data);
    }
  }

  private int run(Path crsDirectory, Path data) throws Exception {
    say("Starting a control plane and waf-filter on loopback (data in " + data + ").");
    try (ControlPlane controlPlane = ControlPlane.start(ControlPlaneConfig.defaults().withDataDir(data)
             .withXdsAddress(new InetSocketAddress("127.0.0.1", 0))
             .withAdminAddress(new InetSocketAddress("127.0.0.1", 0)));
         WafFilterServer waf = WafFilterOptions.start(WafFilterConfig.defaults(crsDirectory)
             .withAddress(new InetSocketAddress("127.0.0.1", 0))
             .withReporting(ReportingConfig.defaults().withAdminAddress(new InetSocketAddress("127.0.0.1", 0))
                 .withControlPlane("127.0.0.1:" + controlPlane.xdsPort())))) {
      adminUrl = "http://127.0.0.1:" + controlPlane.adminPort();
      detail("control plane: xDS 127.0.0.1:" + controlPlane.xdsPort() + ", admin API " + adminUrl
          + "; waf-filter: 127.0.0.1:" + waf.port() + " (CRS " + crsDirectory + ")");

      say("The workload shop/payments starts: a grpc-java xDS server that takes its RBAC from the control plane."
          + " The mesh default mode is LEARN: nothing is denied.");
      try (DemoWorkload payments = DemoWorkload.start(controlPlane.xdsPort(), "shop", "payments",
               Duration.ofSeconds(30));
           EnvoyShapes envoy = new EnvoyShapes("shop", "payments", waf.port(), controlPlane.xdsPort())) {
        detail("a call from checkout (" + CHECKOUT + "): " + payments.callFrom(CHECKOUT)
            + "; from an unknown caller (" + STRANGER + "): " + payments.callFrom(STRANGER));
        learn(controlPlane, payments, envoy);
        enforce(payments, envoy);
        attack(envoy);
        leak(envoy);
        quarantine(controlPlane, payments, envoy);
      }
    }
    say("Done. Everything ran in this process; the demo's data directory is removed. Run it for real with"
        + " ./meshward up, and point Envoy sidecars (deploy/envoy) or grpc-java servers (deploy/grpc) at it.");
    out.flush();
    return ExitCodes.OK;
  }

  private void learn(ControlPlane controlPlane, DemoWorkload payments, EnvoyShapes envoy) throws Exception {
    say("LEARN: checkout calls payments. Its sidecar streams each call to the control plane's access log service,"
        + " and waf-filter reports every HTTP request it inspects; the control plane learns the edges.");
    envoy.logCalls(CHECKOUT, payments.port(), DemoWorkload.CALL_PATH, 3);
    for (int order : new int[] {17, 18, 19}) {
      envoy.check(CHECKOUT, "GET", "/api/orders/" + order, "LEARN", "learn-" + order);
    }
    envoy.check(CHECKOUT, "POST", "/api/orders", "LEARN", "learn-post");
    awaitTrue(() -> controlPlane.learning().graph().edges("shop/payments").size() >= 3, Duration.ofSeconds(20));
    command("learned", "show", "shop/payments");
    detail("ids and UUIDs in paths became {id}; `meshward learned export shop/payments` prints this allowlist as a"
        + " WorkloadPolicy to commit.");
  }

  private void enforce(DemoWorkload payments, EnvoyShapes envoy) throws Exception {
    say("ENFORCE: the operator switches payments to ENFORCE. The learned allowlist is now enforced.");
    command("mode", "set", "shop/payments", "enforce");
    detail("call from checkout: " + payments.awaitCall(CHECKOUT, Status.Code.OK, Duration.ofSeconds(10))
        + "; from the unknown caller: " + payments.awaitCall(STRANGER, Status.Code.PERMISSION_DENIED,
        Duration.ofSeconds(10)));
    envoy.logCalls(STRANGER, payments.port(), DemoWorkload.CALL_PATH, 1);
    Thread.sleep(300);
    detail("the unknown caller's attempt is a proposal and a violation, for review:");
    command("violations");
  }

  private void attack(EnvoyShapes envoy) {
    say("An attack: checkout sends a SQL injection. waf-filter (ext_authz, OWASP CRS) denies it in ENFORCE.");
    CheckResponse denied = envoy.check(CHECKOUT, "GET", ATTACK, "ENFORCE", "attack-1");
    detail("GET " + ATTACK);
    detail("-> HTTP " + denied.getDeniedResponse().getStatus().getCodeValue() + ", rules "
        + String.join(", ", EnvoyShapes.deniedRules(denied)) + " (the body names the rules, never the payload)");
  }

  private void leak(EnvoyShapes envoy) throws InterruptedException {
    say("A leak: payments answers with a card number. waf-filter (ext_proc) masks it in flight; the JSON stays"
        + " valid and content-length is dropped.");
    String body = "{\"order\":17,\"card\":\"4111 1111 1111 1111\",\"total\":\"12.50\"}";
    detail("payments sent:   " + body);
    detail("the client got:  " + envoy.respond(body, "ENFORCE"));
  }

  private void quarantine(ControlPlane controlPlane, DemoWorkload payments, EnvoyShapes envoy) throws Exception {
    say("Automatic blocking: checkout keeps attacking. Five CRITICAL events from one source within 60 s (the"
        + " default MeshConfig rule) quarantine it on every node, in any mode.");
    long start = System.nanoTime();
    for (int i = 2; i <= 6; i++) {
      envoy.check(CHECKOUT, "GET", ATTACK, "ENFORCE", "attack-" + i);
    }
    Status.Code code = payments.awaitCall(CHECKOUT, Status.Code.PERMISSION_DENIED, Duration.ofSeconds(15));
    detail("checkout's next call to payments: " + code + " (" + (System.nanoTime() - start) / 1_000_000
        + " ms after the first of those attacks)");
    command("quarantine", "list");
    String id = controlPlane.quarantines().inForce().isEmpty() ? null
        : controlPlane.quarantines().inForce().get(0).id();
    if (id != null) {
      command("quarantine", "release", id, "--reason", "demo: attacker cleaned up");
      detail("checkout's call after the release: " + payments.awaitCall(CHECKOUT, Status.Code.OK,
          Duration.ofSeconds(10)));
    }
    detail("every step is in the audit trail: `meshward audit`.");
  }

  private Path crsDirectory() {
    Path directory = crs;
    if (directory == null) {
      String fromEnv = System.getenv(WafFilterConfig.CRS_ENV);
      if (fromEnv == null || fromEnv.isBlank()) {
        throw CommandFailure.of(ExitCodes.USAGE, "the demo needs the OWASP CRS v4: give --crs DIR or set $"
            + WafFilterConfig.CRS_ENV + " (./meshward sets it to ../shared/crs/v4)");
      }
      directory = Path.of(fromEnv);
    }
    return directory;
  }

  private void say(String text) {
    out.println();
    out.println("[" + (++step) + "] " + text);
    out.flush();
  }

  private void detail(String text) {
    out.println("    " + text);
    out.flush();
  }

  /** Runs a meshward command against the demo's control plane, showing it as the operator would type it. */
  private void command(String... args) {
    out.println("    $ meshward " + String.join(" ", args));
    String[] withServer = new String[args.length + 2];
    System.arraycopy(args, 0, withServer, 0, args.length);
    withServer[args.length] = "--server";
    withServer[args.length + 1] = adminUrl;
    java.io.StringWriter captured = new java.io.StringWriter();
    PrintWriter capture = new PrintWriter(captured);
    MeshwardCommand.newCommandLine(meshward.environment()).setOut(capture).setErr(capture).execute(withServer);
    capture.flush();
    captured.toString().lines().forEach(line -> out.println("      " + line));
    out.flush();
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the demo waited " + within + " for a step that did not happen");
      }
      Thread.sleep(50);
    }
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // A temporary directory left behind is harmless.
    }
  }
}
