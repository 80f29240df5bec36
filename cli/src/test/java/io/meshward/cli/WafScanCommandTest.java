package io.meshward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshward.cli.MeshwardCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meshward waf scan}: replays a recording and says, per request, what ENFORCE would do. */
class WafScanCommandTest {
  private static final String CRS = "../../shared/crs/v4";
  private static final String TRAFFIC = """
      {"method": "GET", "url": "https://shop.example.org/catalog?category=garden&page=2", "headers": {"User-Agent": "Mozilla/5.0", "Accept": "text/html"}}
      {"method": "GET", "url": "/catalog?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--", "headers": {"Host": "shop.example.org", "User-Agent": "Mozilla/5.0", "Accept": "text/html"}}
      {"method": "GET", "url": "/api/orders/7", "headers": {"Host": "api", "Accept": "application/json"}, "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": "{\\"id\\": 7, \\"card\\": \\"4111 1111 1111 1111\\"}"}}
      {"method": "PATCH", "url": "/api/orders/7", "headers": {"Host": "api", "Accept": "application/json", "Content-Type": "application/json-patch+json"}, "body": "[{\\"op\\": \\"replace\\", \\"path\\": \\"/qty\\", \\"value\\": 3}]"}
      """;

  @TempDir
  Path dir;

  @Test
  void printsEachRequestWithWhatEnforceWouldDoThenTheRulesByFrequency() throws Exception {
    Path traffic = dir.resolve("traffic.jsonl");
    Files.writeString(traffic, TRAFFIC);

    Result result = MeshwardCli.offline().run("waf", "scan", "--jsonl", traffic.toString(), "--crs", CRS);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
    List<String> lines = result.outLines();
    assertThat(lines.get(0)).startsWith("#").contains("METHOD", "TARGET", "ENFORCE", "RULES");
    assertThat(lines.get(1)).matches("1\\s+GET\\s+/catalog\\?category=garden&page=2\\s+-\\s+0\\s+allow\\s+-");
    assertThat(lines.get(2)).matches("2\\s+GET\\s+/catalog\\?id=.*\\s+deny-403\\s+.*942100.*");
    assertThat(lines.get(3)).as("a card number in a response: masked in ENFORCE")
        .matches("3\\s+GET\\s+/api/orders/7\\s+200\\s+0\\s+mask\\s+dlp:payment-card@response-body");
    assertThat(lines.get(4)).as("a JSON-patch PATCH passes the default profile")
        .matches("4\\s+PATCH\\s+/api/orders/7\\s+-\\s+0\\s+allow\\s+-");
    assertThat(result.out()).contains("4 requests replayed through profile default: 1 would be denied in ENFORCE,"
        + " 2 with findings");
    assertThat(result.out()).containsPattern("(?m)^payment-card\\s+1\\s+response-body\\s+mask$");
    assertThat(result.out()).as("never the card number itself").doesNotContain("4111 1111 1111 1111");
    assertThat(result.out()).containsPattern("(?m)^942100\\s+1\\s+1\\s+SQL Injection Attack Detected via libinjection$");
  }

  @Test
  void jsonGivesOneObjectPerRequestThenTheSummary() throws Exception {
    Path traffic = dir.resolve("traffic.jsonl");
    Files.writeString(traffic, TRAFFIC);

    Result result = MeshwardCli.offline().run("waf", "scan", "--jsonl", traffic.toString(), "--crs", CRS, "--json");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> objects = result.outLines().stream().map(line -> {
      try {
        return json.readTree(line);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + line, e);
      }
    }).toList();
    assertThat(objects).hasSize(5);
    assertThat(objects.get(2).path("dlp").get(0).path("sample").asText()).isEqualTo("**** **** **** 1111");
    assertThat(objects.get(2).path("enforce").path("action").asText()).isEqualTo("mask");
    assertThat(objects.get(1).path("enforce").path("allowed").asBoolean()).isFalse();
    assertThat(objects.get(1).path("enforce").path("status").asInt()).isEqualTo(403);
    assertThat(objects.get(1).path("rules").findValuesAsText("id")).contains("942100", "949110");
    assertThat(objects.get(0).path("enforce").path("reason").asText()).isEqualTo("clean");
    assertThat(objects.get(4).path("summary").path("requests").asInt()).isEqualTo(4);
    assertThat(objects.get(4).path("summary").path("denied").asInt()).isEqualTo(1);
    assertThat(objects.get(4).path("summary").path("dlp").get(0).path("sensor").asText()).isEqualTo("payment-card");
  }

  @Test
  void replaysThroughANamedProfileFromFiles() throws Exception {
    Path traffic = dir.resolve("traffic.jsonl");
    Files.writeString(traffic, TRAFFIC);
    Path profiles = dir.resolve("profiles.yaml");
    Files.writeString(profiles, """
        apiVersion: meshward.io/v1alpha1
        kind: WafProfile
        metadata:
          name: lenient
        spec:
          anomalyThreshold:
            inbound: 1000
        """);

    Result result = MeshwardCli.offline().run("waf", "scan", "--jsonl", traffic.toString(), "--crs", CRS,
        "--profiles", profiles.toString(), "--profile", "lenient");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
    assertThat(result.outLines().get(2)).as("found, but under this profile's threshold")
        .matches("2\\s+GET\\s+/catalog\\?id=.*\\s+allow\\s+.*942100.*");
    assertThat(result.out()).contains("through profile lenient: 0 would be denied");
    assertThat(result.outLines().get(3)).contains("mask");

    Result unknown = MeshwardCli.offline().run("waf", "scan", "--jsonl", traffic.toString(), "--crs", CRS,
        "--profile", "nope");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(unknown.err()).contains("no WAF profile named nope (known: default)");
  }

  @Test
  void customDlpSensorsFromAPathCanBeNamedByTheReplayedProfile() throws Exception {
    Path traffic = dir.resolve("hr.jsonl");
    Files.writeString(traffic, """
        {"method": "GET", "url": "/api/staff/7", "headers": {"Host": "hr"}, "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": "{\\"badge\\": \\"EMP-204518\\"}"}}
        """);
    Path sensors = Files.createDirectories(dir.resolve("sensors"));
    Files.writeString(sensors.resolve("employee-id.yaml"), UpCommandTest.EMPLOYEE_ID_SENSOR);
    Path profiles = dir.resolve("hr-profile.yaml");
    Files.writeString(profiles, """
        apiVersion: meshward.io/v1alpha1
        kind: WafProfile
        metadata:
          name: hr
        spec:
          dlp:
            sensors: [employee-id]
        """);

    Result result = MeshwardCli.offline().run("waf", "scan", "--jsonl", traffic.toString(), "--crs", CRS,
        "--profiles", profiles.toString(), "--profile", "hr", "--dlp-sensors", sensors.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
    assertThat(result.outLines().get(1)).matches("1\\s+GET\\s+/api/staff/7\\s+200\\s+0\\s+mask\\s+"
        + "dlp:employee-id@response-body");
    assertThat(result.out()).doesNotContain("204518");

    Result without = MeshwardCli.offline().run("waf", "scan", "--jsonl", traffic.toString(), "--crs", CRS,
        "--profiles", profiles.toString(), "--profile", "hr");
    assertThat(without.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(without.err()).contains("WafProfile hr names DLP sensors that do not exist: employee-id");
  }

  @Test
  void aBrokenRecordingIsRefusedWithWhereAndWhat() throws Exception {
    Path traffic = dir.resolve("broken.jsonl");
    Files.writeString(traffic, "{\"method\": \"GET\", \"url\": \"/\"}\n{\"method\": \"GET\"}\n");

    Result result = MeshwardCli.offline().run("waf", "scan", "--jsonl", traffic.toString(), "--crs", CRS);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.err()).contains("broken.jsonl: line 2, url: missing");
  }

  @Test
  void exactlyOneRecordingIsRequired() {
    Result result = MeshwardCli.offline().run("waf", "scan", "--crs", CRS);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--har", "--jsonl");
  }
}
