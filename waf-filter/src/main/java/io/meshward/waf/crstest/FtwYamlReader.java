package io.meshward.waf.crstest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads go-ftw test files: the v4 format (CRS 4.x, schema {@code ftw-tests-schema} v2) and the old FTW format CRS
 * v3.3 still uses. It works on snakeyaml-engine's node tree rather than on constructed objects so that every scalar
 * keeps the text it was written with, as Go's YAML decoder gives a string field: a header written
 * {@code Content-Length: 010} is sent as "010", not "10" or "8". Like Go's decoder it refuses duplicate keys.
 * Fields it does not know are reported as warnings on the file (they would be silently ignored by go-ftw).
 */
public final class FtwYamlReader {
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  private FtwYamlReader() {}

  /** Every {@code *.yaml} and {@code *.yml} file under the directory, recursively, in path order. */
  public static List<Path> listTestFiles(Path testsDirectory) throws IOException {
    try (Stream<Path> walk = Files.walk(testsDirectory)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> {
            String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".yaml") || name.endsWith(".yml");
          })
          .sorted()
          .toList();
    }
  }

  public static FtwTestFile read(Path file) throws IOException, FtwFormatException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file);
  }

  /**
   * Parses one file's text.
   *
   * @param file the file name (for messages, and the rule id when the file has no {@code rule_id})
   */
  public static FtwTestFile parse(String text, Path file) throws FtwFormatException {
    LoadSettings settings = LoadSettings.builder()
        .setLabel(file.toString())
        .setSchema(new CoreSchema())
        .setCodePointLimit(64 * 1024 * 1024)
        .build();
    Optional<Node> root;
    try {
      root = new Compose(settings).composeString(text);
    } catch (YamlEngineException e) {
      throw new FtwFormatException(file + ": not valid YAML: " + e.getMessage().strip(), e);
    }
    Reader reader = new Reader(file);
    if (root.isEmpty()) {
      return new FtwTestFile(file, FtwTestFile.Format.V4, ruleIdFromName(file), true, List.of(), List.of());
    }
    return reader.file(root.get());
  }

  static int ruleIdFromName(Path file) {
    Matcher m = DIGITS.matcher(file.getFileName().toString());
    return m.find() ? Integer.parseInt(m.group()) : 0;
  }

  /** The state of one file's reading: its name and the warnings so far. */
  private static final class Reader {
    private final Path file;
    private final List<String> warnings = new ArrayList<>();

    Reader(Path file) {
      this.file = file;
    }

    FtwTestFile file(Node root) throws FtwFormatException {
      MappingNode top = mapping(root, "the document");
      boolean legacy = false;
      int ruleId = 0;
      boolean enabled = true;
      Node tests = null;
      for (NodeTuple entry : entries(top)) {
        String key = key(entry);
        Node value = entry.getValueNode();
        switch (key) {
          case "rule_id" -> ruleId = integer(value, key);
          case "meta" -> {
            if (isNull(value)) {
              break;
            }
            for (NodeTuple meta : entries(mapping(value, "meta"))) {
              String metaKey = key(meta);
              if (metaKey.equals("enabled")) {
                enabled = bool(meta.getValueNode(), "meta.enabled");
              } else if (!Set.of("author", "description", "name", "tags", "version").contains(metaKey)) {
                warn(meta.getKeyNode(), "unknown field 'meta." + metaKey + "'");
              }
            }
          }
          case "tests" -> tests = value;
          default -> warn(entry.getKeyNode(), "unknown top-level field '" + key + "'");
        }
      }
      if (ruleId == 0) {
        ruleId = ruleIdFromName(file);
      }
      List<FtwTestCase> cases = new ArrayList<>();
      if (tests != null && !isNull(tests)) {
        List<Node> items = sequence(tests, "tests");
        legacy = !items.isEmpty() && isLegacy(items.get(0));
        for (int i = 0; i < items.size(); i++) {
          cases.add(legacy ? legacyTest(items.get(i), ruleId) : test(items.get(i), ruleId, i + 1));
        }
      }
      return new FtwTestFile(file, legacy ? FtwTestFile.Format.LEGACY : FtwTestFile.Format.V4, ruleId, enabled,
          cases, warnings);
    }

    private boolean isLegacy(Node test) throws FtwFormatException {
      for (NodeTuple entry : entries(mapping(test, "a test"))) {
        if (key(entry).equals("test_title")) {
          return true;
        }
      }
      return false;
    }

    private FtwTestCase test(Node node, int ruleId, int position) throws FtwFormatException {
      int testId = 0;
      String desc = "";
      List<FtwStage> stages = new ArrayList<>();
      for (NodeTuple entry : entries(mapping(node, "a test"))) {
        String key = key(entry);
        Node value = entry.getValueNode();
        switch (key) {
          case "test_id" -> testId = integer(value, key);
          case "desc", "description" -> desc = string(value, key);
          case "stages" -> {
            List<Node> items = sequence(value, "stages");
            for (int i = 0; i < items.size(); i++) {
              stages.add(stage(items.get(i), i + 1, false));
            }
          }
          case "tags" -> sequence(value, "tags");
          default -> warn(entry.getKeyNode(), "unknown field '" + key + "' in a test");
        }
      }
      if (testId == 0) {
        testId = position; // go-ftw numbers tests without test_id by their position
      }
      return new FtwTestCase(ruleId, ruleId + "-" + testId, testId, desc, stages, line(node));
    }

    private FtwTestCase legacyTest(Node node, int ruleId) throws FtwFormatException {
      String title = null;
      String desc = "";
      List<FtwStage> stages = new ArrayList<>();
      for (NodeTuple entry : entries(mapping(node, "a test"))) {
        String key = key(entry);
        Node value = entry.getValueNode();
        switch (key) {
          case "test_title" -> title = string(value, key);
          case "desc" -> desc = string(value, key);
          case "stages" -> {
            List<Node> items = sequence(value, "stages");
            for (int i = 0; i < items.size(); i++) {
              stages.add(stage(items.get(i), i + 1, true));
            }
          }
          default -> warn(entry.getKeyNode(), "unknown field '" + key + "' in a test");
        }
      }
      if (title == null) {
        throw error(node, "a test has no test_title");
      }
      return new FtwTestCase(ruleId, title, 0, desc, stages, line(node));
    }

    private FtwStage stage(Node node, int index, boolean legacy) throws FtwFormatException {
      MappingNode map = mapping(node, "a stage");
      if (legacy) {
        MappingNode inner = null;
        for (NodeTuple entry : entries(map)) {
          if (key(entry).equals("stage")) {
            inner = mapping(entry.getValueNode(), "stage");
          } else {
            warn(entry.getKeyNode(), "unknown field '" + key(entry) + "' in a stage");
          }
        }
        if (inner == null) {
          throw error(node, "an old-format stage has no 'stage' field");
        }
        map = inner;
      }
      StageInput input = null;
      StageOutput output = null;
      for (NodeTuple entry : entries(map)) {
        String key = key(entry);
        switch (key) {
          case "input" -> input = input(entry.getValueNode());
          case "output" -> output = output(entry.getValueNode());
          case "description", "desc" -> string(entry.getValueNode(), key);
          default -> warn(entry.getKeyNode(), "unknown field '" + key + "' in a stage");
        }
      }
      if (input == null) {
        throw error(node, "a stage has no input");
      }
      if (output == null) {
        output = new StageOutput(List.of(), null, List.of(), List.of(), null, null, null, null, null, false, false);
      }
      return new FtwStage(index, input, output, line(node));
    }

    private StageInput input(Node node) throws FtwFormatException {
      String destAddr = null;
      Integer port = null;
      String protocol = null;
      String method = null;
      String uri = null;
      String version = null;
      List<HeaderField> headers = null;
      String data = null;
      String encodedData = null;
      Boolean autocomplete = null;
      Boolean stopMagic = null;
      String encodedRequest = null;
      String rawRequest = null;
      Boolean saveCookie = null;
      Boolean virtualHostMode = null;
      for (NodeTuple entry : entries(mapping(node, "input"))) {
        String key = key(entry);
        Node value = entry.getValueNode();
        switch (key) {
          case "dest_addr" -> destAddr = optionalString(value, key);
          case "port" -> port = isNull(value) ? null : integer(value, key);
          case "protocol" -> protocol = optionalString(value, key);
          case "method" -> method = optionalString(value, key);
          case "uri" -> uri = optionalString(value, key);
          case "version" -> version = optionalString(value, key);
          case "headers" -> headers = headers(value);
          case "data" -> data = optionalString(value, key);
          case "encoded_data" -> encodedData = optionalString(value, key);
          case "autocomplete_headers" -> autocomplete = isNull(value) ? null : bool(value, key);
          case "stop_magic" -> stopMagic = isNull(value) ? null : bool(value, key);
          case "encoded_request" -> encodedRequest = optionalString(value, key);
          case "raw_request" -> rawRequest = optionalString(value, key);
          case "save_cookie" -> saveCookie = isNull(value) ? null : bool(value, key);
          case "virtual_host_mode" -> virtualHostMode = isNull(value) ? null : bool(value, key);
          default -> warn(entry.getKeyNode(), "unknown field '" + key + "' in input");
        }
      }
      return new StageInput(destAddr, port, protocol, method, uri, version, headers, data, encodedData, autocomplete,
          stopMagic, encodedRequest, rawRequest, saveCookie, virtualHostMode);
    }

    private List<HeaderField> headers(Node node) throws FtwFormatException {
      if (isNull(node)) {
        return null;
      }
      List<HeaderField> headers = new ArrayList<>();
      for (NodeTuple entry : entries(mapping(node, "headers"))) {
        String name = key(entry);
        Node value = entry.getValueNode();
        headers.add(new HeaderField(name, isNull(value) ? "" : string(value, "headers." + name)));
      }
      return headers;
    }

    private StageOutput output(Node node) throws FtwFormatException {
      List<Integer> status = List.of();
      String responseContains = null;
      List<Integer> expectIds = List.of();
      List<Integer> noExpectIds = List.of();
      String matchRegex = null;
      String noMatchRegex = null;
      String logContains = null;
      String noLogContains = null;
      Boolean expectError = null;
      boolean retryOnce = false;
      boolean isolated = false;
      if (isNull(node)) {
        return new StageOutput(status, null, expectIds, noExpectIds, null, null, null, null, null, false, false);
      }
      for (NodeTuple entry : entries(mapping(node, "output"))) {
        String key = key(entry);
        Node value = entry.getValueNode();
        switch (key) {
          case "status" -> status = integers(value, key);
          case "response_contains" -> responseContains = optionalString(value, key);
          case "log_contains" -> logContains = optionalString(value, key);
          case "no_log_contains" -> noLogContains = optionalString(value, key);
          case "expect_error" -> expectError = isNull(value) ? null : bool(value, key);
          case "retry_once" -> retryOnce = !isNull(value) && bool(value, key);
          case "isolated" -> isolated = !isNull(value) && bool(value, key);
          case "log" -> {
            if (isNull(value)) {
              break;
            }
            for (NodeTuple log : entries(mapping(value, "log"))) {
              String logKey = key(log);
              Node logValue = log.getValueNode();
              switch (logKey) {
                case "expect_ids" -> expectIds = integers(logValue, "log.expect_ids");
                case "no_expect_ids" -> noExpectIds = integers(logValue, "log.no_expect_ids");
                case "match_regex" -> matchRegex = optionalString(logValue, "log.match_regex");
                case "no_match_regex" -> noMatchRegex = optionalString(logValue, "log.no_match_regex");
                default -> warn(log.getKeyNode(), "unknown field 'log." + logKey + "' in output");
              }
            }
          }
          default -> warn(entry.getKeyNode(), "unknown field '" + key + "' in output");
        }
      }
      return new StageOutput(status, responseContains, expectIds, noExpectIds, matchRegex, noMatchRegex, logContains,
          noLogContains, expectError, retryOnce, isolated);
    }

    // ---- node helpers

    private List<NodeTuple> entries(MappingNode map) throws FtwFormatException {
      Set<String> seen = new HashSet<>();
      for (NodeTuple entry : map.getValue()) {
        String key = key(entry);
        if (key.equals("<<")) {
          throw error(entry.getKeyNode(), "merge keys ('<<') are not supported");
        }
        if (!seen.add(key)) {
          // Go's YAML decoder refuses a mapping that repeats a key; go-ftw could not load such a file
          throw error(entry.getKeyNode(), "mapping key '" + key + "' already defined");
        }
      }
      return map.getValue();
    }

    private String key(NodeTuple entry) throws FtwFormatException {
      Node key = entry.getKeyNode();
      if (!(key instanceof ScalarNode scalar)) {
        throw error(key, "a mapping key must be a scalar");
      }
      return scalar.getValue();
    }

    private MappingNode mapping(Node node, String what) throws FtwFormatException {
      if (node instanceof MappingNode map) {
        return map;
      }
      throw error(node, what + " must be a mapping");
    }

    private List<Node> sequence(Node node, String what) throws FtwFormatException {
      if (node instanceof SequenceNode seq) {
        return seq.getValue();
      }
      if (isNull(node)) {
        return List.of();
      }
      throw error(node, what + " must be a list");
    }

    private static boolean isNull(Node node) {
      return node instanceof ScalarNode scalar && scalar.isPlain() && Tag.NULL.equals(scalar.getTag());
    }

    private String string(Node node, String what) throws FtwFormatException {
      if (node instanceof ScalarNode scalar) {
        return scalar.getValue();
      }
      throw error(node, what + " must be a scalar");
    }

    private String optionalString(Node node, String what) throws FtwFormatException {
      return isNull(node) ? null : string(node, what);
    }

    private int integer(Node node, String what) throws FtwFormatException {
      String text = string(node, what).strip();
      try {
        return Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
      } catch (NumberFormatException e) {
        throw error(node, what + " must be a whole number, got '" + text + "'");
      }
    }

    private List<Integer> integers(Node node, String what) throws FtwFormatException {
      if (isNull(node)) {
        return List.of();
      }
      if (node instanceof ScalarNode) {
        return List.of(integer(node, what));
      }
      List<Integer> values = new ArrayList<>();
      for (Node item : sequence(node, what)) {
        values.add(integer(item, what));
      }
      return values;
    }

    private boolean bool(Node node, String what) throws FtwFormatException {
      String text = string(node, what).strip().toLowerCase(Locale.ROOT);
      return switch (text) {
        case "true", "yes", "on" -> true;
        case "false", "no", "off" -> false;
        default -> throw error(node, what + " must be true or false, got '" + text + "'");
      };
    }

    private void warn(Node node, String message) {
      warnings.add(file + ":" + line(node) + ": " + message);
    }

    private FtwFormatException error(Node node, String message) {
      return new FtwFormatException(file + ":" + line(node) + ": " + message);
    }

    private static int line(Node node) {
      return node.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(0);
    }
  }
}
