package io.meshward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshward.waf.RuleLoadException;
import io.meshward.waf.dlp.load.DlpSensorFiles;
import io.meshward.waf.replay.Recording;
import io.meshward.waf.replay.RecordingFormatException;
import io.meshward.waf.replay.ReplayResult;
import io.meshward.waf.replay.ReplaySummary;
import io.meshward.waf.replay.Replayer;
import io.meshward.waf.service.WafFilterConfig;
import io.meshward.waf.service.inspect.Verdict;
import io.meshward.waf.service.profile.LoadedProfile;
import io.meshward.policy.yaml.PolicyCodec;
import io.meshward.waf.service.profile.LiveProfiles;
import io.meshward.waf.service.profile.ProfileFiles;
import io.meshward.waf.service.profile.ProfileLoadException;
import io.meshward.waf.service.profile.ProfileRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshward waf scan --har FILE | --jsonl FILE}: replays recorded traffic through a WAF profile and prints,
 * per exchange, what ENFORCE would do, then the rules that matched, most frequent first.
 */
@Command(name = "scan", description = {
    "Replay recorded traffic (an HTTP Archive, or JSON lines) through a WAF profile and print, per request, the"
        + " rules that matched, the anomaly scores and what ENFORCE would do; then a summary by rule. Use it to find"
        + " false positives before switching a workload to ENFORCE.",
    "Exit status: 0 when the recording was replayed (whatever it found), 1 when it or the rules could not be read."})
final class WafScanCommand implements Callable<Integer> {
  private static final int TARGET_WIDTH = 60;

  @Spec
  private CommandSpec spec;

  static final class Source {
    @Option(names = "--har", paramLabel = "FILE", required = true,
        description = "An HTTP Archive 1.2 file (browsers' and proxies' export).")
    Path har;

    @Option(names = "--jsonl", paramLabel = "FILE", required = true,
        description = "JSON lines, one request per line: {\"method\", \"url\", \"headers\", \"body\" | \"bodyBase64\","
            + " \"response\": {\"status\", \"headers\", \"body\"}}.")
    Path jsonl;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Source source;

  @Option(names = "--crs", paramLabel = "DIR",
      description = "The OWASP CRS v4 directory; default: $" + WafFilterConfig.CRS_ENV + ".")
  private Path crs;

  @Option(names = "--profile", paramLabel = "NAME", defaultValue = "default",
      description = "The WAF profile to replay through (default: ${DEFAULT-VALUE}).")
  private String profileName;

  @Option(names = "--profiles", paramLabel = "PATH",
      description = "WafProfile documents to choose --profile from besides the built-in default: a YAML file, or a"
          + " directory of them (as waf-filter's --profiles).")
  private Path profiles;

  @Option(names = "--dlp-sensors", paramLabel = "PATH",
      description = "DlpSensor documents over the built-in sensors, so that profiles can name them: a YAML file, or a"
          + " directory of them (as waf-filter's --dlp-sensors).")
  private Path dlpSensors;

  @Option(names = "--no-dlp", description = "WAF only: do not run the profile's DLP sensors.")
  private boolean noDlp;

  @Option(names = "--json", description = "One JSON object per request, then one with the summary.")
  private boolean json;

  @Option(names = "--top", paramLabel = "N", defaultValue = "20",
      description = "Rules listed in the summary (default: ${DEFAULT-VALUE}; 0 for all).")
  private int top;

  @Override
  public Integer call() {
    Path crsDirectory = crs != null ? crs : environmentCrs();
    if (crsDirectory == null || !Files.isDirectory(crsDirectory.resolve("rules"))) {
      throw CommandFailure.of(ExitCodes.REFUSED, "no CRS rules under "
          + (crsDirectory == null ? "(none given)" : crsDirectory.toAbsolutePath())
          + " (give --crs DIR or set $" + WafFilterConfig.CRS_ENV + ")");
    }
    LoadedProfile profile = profile(crsDirectory);
    Recording recording = source.har != null ? Recording.har(source.har) : Recording.jsonLines(source.jsonl);
    PrintWriter out = spec.commandLine().getOut();
    ObjectMapper mapper = new ObjectMapper();
    Replayer replayer = new Replayer(profile, !noDlp);
    ReplaySummary summary = new ReplaySummary();
    if (!json) {
      out.printf("%-6s  %-7s  %-" + TARGET_WIDTH + "s  %-6s  %-5s  %-10s  %s%n",
          "#", "METHOD", "TARGET", "STATUS", "SCORE", "ENFORCE", "RULES / DLP");
    }
    try {
      int[] index = {0};
      recording.read(exchange -> {
        index[0]++;
        ReplayResult result = replayer.replay(exchange);
        summary.add(result);
        if (json) {
          out.println(mapper.writeValueAsString(entryJson(mapper, index[0], result)));
        } else {
          out.println(entryLine(index[0], result));
        }
        out.flush();
      });
    } catch (RecordingFormatException e) {
      throw CommandFailure.of(ExitCodes.REFUSED, e.getMessage(), e);
    } catch (IOException e) {
      throw CommandFailure.of(ExitCodes.REFUSED, "cannot read the recording: " + e.getMessage(), e);
    }
    List<ReplaySummary.RuleTotal> rules = top > 0 && summary.rules().size() > top
        ? summary.rules().subList(0, top) : summary.rules();
    if (json) {
      out.println(summaryJson(mapper, summary, rules));
    } else {
      out.printf("%n%d requests replayed through profile %s: %d would be denied in ENFORCE, %d with findings%n",
          summary.exchanges(), profile.name(), summary.denied(), summary.withFindings());
      if (!rules.isEmpty()) {
        Table table = new Table("RULE", "REQUESTS", "DENIED", "MESSAGE");
        rules.forEach(r -> table.row(r.id(), r.exchanges(), r.denied(), r.message()));
        out.print(table.render());
      }
      if (!summary.sensors().isEmpty()) {
        Table table = new Table("DLP SENSOR", "REQUESTS", "WHERE", "ENFORCE");
        summary.sensors().forEach(s -> table.row(s.sensor(), s.exchanges(), String.join(",", s.locations()),
            s.action()));
        out.print(table.render());
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private LoadedProfile profile(Path crsDirectory) {
    try {
      PolicyCodec codec = new PolicyCodec();
      ProfileRegistry registry = LiveProfiles.load(crsDirectory, List.of(), java.util.Optional.ofNullable(profiles),
          new ProfileFiles(codec), java.util.Optional.ofNullable(dlpSensors), new DlpSensorFiles(codec)).get();
      return registry.find(profileName).orElseThrow(() -> CommandFailure.of(ExitCodes.REFUSED,
          "no WAF profile named " + profileName + " (known: " + String.join(", ", registry.names()) + ")"));
    } catch (ProfileLoadException e) {
      throw CommandFailure.of(ExitCodes.REFUSED, "the WAF profiles or DLP sensors did not load: " + e.getMessage(),
          e);
    } catch (RuleLoadException e) {
      throw CommandFailure.of(ExitCodes.REFUSED, "the CRS did not load: " + e.getMessage(), e);
    } catch (IOException e) {
      throw CommandFailure.of(ExitCodes.REFUSED, "cannot read the CRS: " + e.getMessage(), e);
    }
  }

  private static Path environmentCrs() {
    String fromEnv = System.getenv(WafFilterConfig.CRS_ENV);
    return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
  }

  private static String entryLine(int index, ReplayResult result) {
    Verdict verdict = result.verdict();
    String target = result.target().replaceAll("[\\x00-\\x1f\\x7f]", "?");
    if (target.length() > TARGET_WIDTH) {
      target = target.substring(0, TARGET_WIDTH - 3) + "...";
    }
    String rules = result.rules().stream().map(r -> Integer.toString(r.id())).distinct()
        .collect(Collectors.joining(","));
    String dlp = result.dlp().stream()
        .map(f -> "dlp:" + f.sensor() + "@" + f.location().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
        .distinct().collect(Collectors.joining(","));
    String found = rules.isEmpty() && dlp.isEmpty() ? "-" : rules.isEmpty() ? dlp : dlp.isEmpty() ? rules
        : rules + " " + dlp;
    return String.format("%-6d  %-7s  %-" + TARGET_WIDTH + "s  %-6s  %-5d  %-10s  %s", index, result.method(),
        target, result.responseStatus() == 0 ? "-" : Integer.toString(result.responseStatus()),
        verdict.findings().inboundScore() + verdict.findings().outboundScore(), result.enforce(), found);
  }

  private static ObjectNode entryJson(ObjectMapper mapper, int index, ReplayResult result) {
    Verdict verdict = result.verdict();
    ObjectNode node = mapper.createObjectNode();
    node.put("index", index);
    node.put("where", result.where());
    node.put("method", result.method());
    node.put("target", result.target());
    if (result.responseStatus() != 0) {
      node.put("responseStatus", result.responseStatus());
    }
    node.put("inboundScore", verdict.findings().inboundScore());
    node.put("outboundScore", verdict.findings().outboundScore());
    ArrayNode rules = node.putArray("rules");
    result.rules().forEach(r -> rules.addObject().put("id", r.id()).put("message", r.message()));
    ArrayNode dlp = node.putArray("dlp");
    result.dlp().forEach(f -> dlp.addObject().put("sensor", f.sensor())
        .put("location", f.location().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
        .put("matches", f.matches()).put("sample", f.maskedSample())
        .put("action", f.action().name().toLowerCase(java.util.Locale.ROOT)));
    ObjectNode enforce = node.putObject("enforce");
    enforce.put("action", result.enforce());
    enforce.put("allowed", verdict.allowed());
    if (!verdict.allowed()) {
      enforce.put("status", verdict.status());
    }
    enforce.put("reason", verdict.reason().name().toLowerCase(java.util.Locale.ROOT));
    node.put("requestBody", verdict.findings().requestBody().name().toLowerCase(java.util.Locale.ROOT));
    return node;
  }

  private static String summaryJson(ObjectMapper mapper, ReplaySummary summary,
                                    List<ReplaySummary.RuleTotal> rules) {
    ObjectNode node = mapper.createObjectNode();
    ObjectNode totals = node.putObject("summary");
    totals.put("requests", summary.exchanges());
    totals.put("denied", summary.denied());
    totals.put("withFindings", summary.withFindings());
    ArrayNode list = totals.putArray("rules");
    rules.forEach(r -> list.addObject().put("id", r.id()).put("requests", r.exchanges()).put("denied", r.denied())
        .put("message", r.message()));
    ArrayNode sensors = totals.putArray("dlp");
    summary.sensors().forEach(s -> {
      ObjectNode sensor = sensors.addObject().put("sensor", s.sensor()).put("requests", s.exchanges())
          .put("action", s.action());
      s.locations().stream().sorted().forEach(sensor.putArray("where")::add);
    });
    try {
      return mapper.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
