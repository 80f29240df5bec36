package io.meshward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.cli.MeshwardCli.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("meshward up")
class UpCommandTest {
  @TempDir
  Path workDir;

  @Test
  void saysWhereItListensAndSaysStoppedWhenStopped() {
    Path data = workDir.resolve("data");
    MeshwardCli meshward = MeshwardCli.offline().withShutdown(Runnable::run);

    Result result = meshward.run("up", "--data", data.toString(), "--xds-address", "127.0.0.1:0",
        "--admin-address", "127.0.0.1:0", "--advertise-address", "mesh.example.org:18000");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("control plane is up")
        .contains("data          " + data + "\n")
        .containsPattern("xDS \\(gRPC\\)    127\\.0\\.0\\.1:[1-9][0-9]*\n")
        .contains("envoy.service.discovery.v3.AggregatedDiscoveryService", "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection")
        .contains("advertised    mesh.example.org:18000")
        .containsPattern("admin API     http://127\\.0\\.0\\.1:[1-9][0-9]*\n")
        .contains("/api/v1/policies", "/api/v1/workloads", "/metrics", "/healthz", "/readyz")
        .contains("default mode  LEARN (built-in default")
        .endsWith("stopped\n");
    assertThat(data.resolve("meshward.db")).exists();
  }

  @Test
  void startsWafFilterBesideTheControlPlaneAndSaysWhereItListens() {
    MeshwardCli meshward = MeshwardCli.offline().withShutdown(Runnable::run);

    Result result = meshward.run("up", "--data", workDir.resolve("data").toString(), "--xds-address", "127.0.0.1:0",
        "--admin-address", "127.0.0.1:0", "--waf-address", "127.0.0.1:0", "--waf-metrics", "127.0.0.1:0",
        "--crs", "../../shared/crs/v4");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .containsPattern("waf-filter    127\\.0\\.0\\.1:[1-9][0-9]*\n")
        .contains("envoy.service.auth.v3.Authorization", "envoy.service.ext_proc.v3.ExternalProcessor")
        .contains("profiles: default")
        .contains("meshward.telemetry.v1.TelemetryService")
        .containsPattern("waf metrics   http://127\\.0\\.0\\.1:[1-9][0-9]*  /metrics  /healthz\n")
        // up points waf-filter's events at its own control plane, on the port it really bound.
        .containsPattern("waf events    to 127\\.0\\.0\\.1:[1-9][0-9]* \\(meshward.telemetry.v1.TelemetryService\\)")
        .contains("audit log     none (--audit-log FILE)")
        .endsWith("stopped\n");
  }

  @Test
  void upLoadsCustomDlpSensorsThatProfilesNameAndRefusesABrokenSensorFile() throws IOException {
    Path sensors = Files.createDirectories(workDir.resolve("sensors"));
    Files.writeString(sensors.resolve("employee-id.yaml"), EMPLOYEE_ID_SENSOR);
    Path profiles = Files.createDirectories(workDir.resolve("profiles"));
    Files.writeString(profiles.resolve("hr.yaml"), """
        apiVersion: meshward.io/v1alpha1
        kind: WafProfile
        metadata:
          name: hr
        spec:
          dlp:
            sensors: [employee-id, payment-card]
        """);

    Result result = MeshwardCli.offline().withShutdown(Runnable::run).run("up", "--data",
        workDir.resolve("data").toString(), "--xds-address", "127.0.0.1:0", "--admin-address", "127.0.0.1:0",
        "--waf-address", "127.0.0.1:0", "--waf-metrics", "127.0.0.1:0", "--crs", "../../shared/crs/v4",
        "--profiles", profiles.toString(), "--dlp-sensors", sensors.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("profiles: default, hr").contains("DLP sensors: built-in + " + sensors);

    Files.writeString(sensors.resolve("broken.yaml"), EMPLOYEE_ID_SENSOR.replace("employee-id", "badge-id")
        .replace("'\\bEMP-[0-9]{6}\\b'", "'(a+)*x'"));
    Result refused = MeshwardCli.offline().run("waf-filter", "--crs", "../../shared/crs/v4",
        "--waf-address", "127.0.0.1:0", "--waf-metrics", "127.0.0.1:0", "--profiles", profiles.toString(),
        "--dlp-sensors", sensors.toString());

    assertThat(refused.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(refused.err()).contains("DLP sensors did not load").contains("broken.yaml")
        .contains("DlpSensor badge-id");
  }

  @Test
  void decodingBoundsOutOfRangeAreAUsageError() {
    Result result = MeshwardCli.offline().run("waf-filter", "--crs", "../../shared/crs/v4",
        "--waf-address", "127.0.0.1:0", "--waf-metrics", "127.0.0.1:0", "--dlp-max-ratio", "1");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("the decompression ratio bound must be at least 2, got 1");
  }

  @Test
  void inspectionLimitsOutOfRangeAreAUsageError() {
    Result result = MeshwardCli.offline().run("waf-filter", "--crs", "../../shared/crs/v4",
        "--waf-address", "127.0.0.1:0", "--waf-metrics", "127.0.0.1:0", "--inspection-threads", "0");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("the concurrency limit must be at least 1, not 0");
  }

  static final String EMPLOYEE_ID_SENSOR = """
      apiVersion: meshward.io/v1alpha1
      kind: DlpSensor
      metadata:
        name: employee-id
      spec:
        patterns:
          - name: badge
            regex: '\\bEMP-[0-9]{6}\\b'
        locations: [response-body]
        action: mask
      """;

  @Test
  void withoutACrsTheReportSaysWafFilterDidNotStart() {
    Result result = MeshwardCli.offline().withShutdown(Runnable::run).run("up", "--data",
        workDir.resolve("data").toString(), "--xds-address", "127.0.0.1:0", "--admin-address", "127.0.0.1:0");

    assertThat(result.out()).contains("waf-filter    not started: no CRS (give --crs DIR or set $MESHWARD_CRS)");
  }

  @Test
  void wafFilterAloneNeedsTheCrsAndRefusesADirectoryWithoutRules() {
    Result noRules = MeshwardCli.offline().run("waf-filter", "--crs", workDir.toString(),
        "--waf-address", "127.0.0.1:0");

    assertThat(noRules.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(noRules.err()).startsWith("error: no CRS rules under ");
  }

  @Test
  void servesTheAdminApiUntilStoppedAndKeepsWhatWasAppliedForTheNextRun() throws IOException {
    String data = workDir.resolve("data").toString();
    String admin = "127.0.0.1:" + freePort();
    List<Result> whileUp = new ArrayList<>();
    MeshwardCli clients = MeshwardCli.against("http://" + admin);
    MeshwardCli meshward = MeshwardCli.offline().withShutdown(close -> {
      // Runs while `up` serves, as another terminal would.
      whileUp.add(clients.run("mode", "set", "shop", "enforce"));
      close.run();
      whileUp.add(clients.run("mode", "list"));
    });

    Result first = meshward.run("up", "--data", data, "--xds-address", "127.0.0.1:0", "--admin-address", admin);
    Result second = MeshwardCli.offline().withShutdown(close -> {
      whileUp.add(clients.run("mode", "list"));
      close.run();
    }).run("up", "--data", data, "--xds-address", "127.0.0.1:0", "--admin-address", admin);

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(whileUp).extracting(Result::exitCode)
        .containsExactly(ExitCodes.OK, ExitCodes.UNREACHABLE, ExitCodes.OK);
    assertThat(whileUp.get(2).out()).isEqualTo("TARGET  MODE\nshop    ENFORCE\n");
  }

  @Test
  void helpNamesTheDefaultAddressesAndDataDirectory() {
    Result help = MeshwardCli.offline().run("up", "--help");

    // The help wraps to the terminal's width (usageHelpAutoWidth), and picocli may break a line after the ':' of an
    // address: addresses are looked for with all whitespace removed.
    assertThat(help.out().replaceAll("\\s+", " ")).contains("$MESHWARD_DATA, else meshward-data in the working"
        + " directory");
    assertThat(help.out().replaceAll("\\s+", "")).contains("127.0.0.1:18000", "127.0.0.1:18080");
  }

  @Test
  void aTakenAdminPortIsOneLineAndExitOne() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result result = MeshwardCli.offline().run("up", "--data", workDir.resolve("data").toString(),
          "--xds-address", "127.0.0.1:0", "--admin-address", "127.0.0.1:" + taken.getLocalPort());

      assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
      assertThat(result.err()).isEqualTo("error: cannot listen for the admin API on 127.0.0.1:"
          + taken.getLocalPort() + ": the address is already in use (is another `meshward up` running?"
          + " choose another with --admin-address)\n");
    }
  }

  @Test
  void aTakenXdsPortIsOneLineAndExitOne() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result result = MeshwardCli.offline().run("up", "--data", workDir.resolve("data").toString(),
          "--xds-address", "127.0.0.1:" + taken.getLocalPort(), "--admin-address", "127.0.0.1:0");

      assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
      assertThat(result.err()).isEqualTo("error: cannot listen for xDS on 127.0.0.1:" + taken.getLocalPort()
          + ": the address is already in use (is another `meshward up` running? choose another with"
          + " --xds-address)\n");
    }
  }

  @Test
  void aDataDirThatIsAFileIsOneLineAndExitOne() throws IOException {
    Path file = Files.writeString(workDir.resolve("not-a-dir"), "x");

    Result result = MeshwardCli.offline().run("up", "--data", file.toString(), "--xds-address", "127.0.0.1:0",
        "--admin-address", "127.0.0.1:0");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).startsWith("error: ").contains(file.toString()).doesNotContain("\tat ");
  }

  @Test
  void verboseAddsTheStackTrace() throws IOException {
    Path file = Files.writeString(workDir.resolve("not-a-dir"), "x");

    Result result = MeshwardCli.offline().run("up", "--verbose", "--data", file.toString(),
        "--xds-address", "127.0.0.1:0", "--admin-address", "127.0.0.1:0");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.err()).contains("\tat io.meshward.controlplane.");
  }

  @Test
  void aMalformedAddressIsAUsageError() {
    Result result = MeshwardCli.offline().run("up", "--xds-address", "18000");
    Result ipv6 = MeshwardCli.offline().run("up", "--admin-address", "::1:18080");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("'18000' is not HOST:PORT");
    assertThat(ipv6.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(ipv6.err()).contains("write an IPv6 address in brackets");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
