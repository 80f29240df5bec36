package io.meshward.waf.crstest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The project's overrides for CRS's regression tests, shaped like the per-engine override files in the CRS tree
 * ({@code tests/regression/*-overrides.yaml}), with three lists:
 *
 * <pre>
 * test_overrides:          # SKIPPED: the stage tests the web server, not the WAF
 *   - rule_id: 920100
 *     test_ids: [8]
 *     stage_ids: [1]       # optional, 1-based; all stages of the tests when absent
 *     category: http-server-parsing
 *     reason: why a real server decides this and the in-process emulation cannot
 * known_failures:          # reported FAILED, tolerated by the CI bar by exact list
 *   - rule_id: 942100
 *     test_ids: [1, 2, 3]
 *     reason: what is missing
 * legacy_known_failures:   # the same, for tests in the old (v3.3) format, named by their test_title
 *   - test_title: 920460-1
 *     reason: what differs
 * </pre>
 *
 * Every entry needs a rule id, test ids and a written reason; a skip must say {@code category: http-server-parsing}
 * (skips exist for the HTTP server's own parsing only, never for detection). {@code test_overrides} and
 * {@code known_failures} apply to v4-format tests, {@code legacy_known_failures} to old-format ones, whose tests have
 * titles instead of numbers; the old format has no skips. The project's file ships with the runner as the resource
 * {@code io/meshward/waf/crstest/crs-overrides.yaml}.
 */
public final class CrsOverrides {
  /** The only category a skip may have. */
  public static final String SERVER_PARSING = "http-server-parsing";
  static final String RESOURCE = "crs-overrides.yaml";

  private final String source;
  private final List<Entry> skips;
  private final List<Entry> knownFailures;
  /** Old-format known failures by test title. */
  private final Map<String, String> legacyKnownFailures;

  /**
   * One entry.
   *
   * @param stageIds 1-based stage indexes, empty for every stage of the tests
   */
  public record Entry(int ruleId, List<Integer> testIds, List<Integer> stageIds, String category, String reason) {
    public Entry {
      testIds = List.copyOf(testIds);
      stageIds = List.copyOf(stageIds);
    }

    boolean covers(FtwTestCase test, FtwStage stage) {
      return test.ruleId() == ruleId && testIds.contains(test.testNumber())
          && (stageIds.isEmpty() || stageIds.contains(stage.index()));
    }
  }

  private CrsOverrides(String source, List<Entry> skips, List<Entry> knownFailures,
                       Map<String, String> legacyKnownFailures) {
    this.source = source;
    this.skips = List.copyOf(skips);
    this.knownFailures = List.copyOf(knownFailures);
    this.legacyKnownFailures = Map.copyOf(legacyKnownFailures);
  }

  /** No overrides at all. */
  public static CrsOverrides none() {
    return new CrsOverrides("(none)", List.of(), List.of(), Map.of());
  }

  /** The project's overrides file, shipped with the runner. */
  public static CrsOverrides projectDefault() throws FtwFormatException {
    try (InputStream in = CrsOverrides.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new FtwFormatException("the resource " + RESOURCE + " is missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:io/meshward/waf/crstest/"
          + RESOURCE);
    } catch (IOException e) {
      throw new FtwFormatException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  public static CrsOverrides load(Path file) throws IOException, FtwFormatException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Parses and validates an overrides file's text. */
  public static CrsOverrides parse(String yaml, String source) throws FtwFormatException {
    Object root;
    try {
      root = new Load(LoadSettings.builder().setLabel(source).build()).loadFromString(yaml);
    } catch (YamlEngineException e) {
      throw new FtwFormatException(source + ": not valid YAML: " + e.getMessage().strip(), e);
    }
    if (root == null) {
      return new CrsOverrides(source, List.of(), List.of(), Map.of());
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw new FtwFormatException(source + ": the document must be a mapping");
    }
    for (Object key : top.keySet()) {
      if (!Set.of("version", "meta", "test_overrides", "known_failures", "legacy_known_failures")
          .contains(String.valueOf(key))) {
        throw new FtwFormatException(source + ": unknown top-level field '" + key + "'");
      }
    }
    List<Entry> skips = entries(top.get("test_overrides"), source, "test_overrides", true);
    List<Entry> known = entries(top.get("known_failures"), source, "known_failures", false);
    for (Entry skip : skips) {
      for (Entry failure : known) {
        if (skip.ruleId() == failure.ruleId() && skip.testIds().stream().anyMatch(failure.testIds()::contains)) {
          throw new FtwFormatException(source + ": rule " + skip.ruleId()
              + " has a test both skipped and listed as a known failure");
        }
      }
    }
    return new CrsOverrides(source, skips, known, legacyEntries(top.get("legacy_known_failures"), source));
  }

  private static Map<String, String> legacyEntries(Object node, String source) throws FtwFormatException {
    Map<String, String> entries = new LinkedHashMap<>();
    if (node == null) {
      return entries;
    }
    if (!(node instanceof List<?> items)) {
      throw new FtwFormatException(source + ": legacy_known_failures must be a list");
    }
    for (Object item : items) {
      String where = source + ": legacy_known_failures[" + entries.size() + "]";
      if (!(item instanceof Map<?, ?> map)) {
        throw new FtwFormatException(where + " must be a mapping");
      }
      for (Object key : map.keySet()) {
        if (!Set.of("test_title", "reason").contains(String.valueOf(key))) {
          throw new FtwFormatException(where + ": unknown field '" + key + "'");
        }
      }
      if (!(map.get("test_title") instanceof String title) || title.isBlank()) {
        throw new FtwFormatException(where + ": test_title must name the test");
      }
      if (!(map.get("reason") instanceof String reason) || reason.isBlank()) {
        throw new FtwFormatException(where + ": every entry needs a written reason");
      }
      if (entries.put(title.strip(), reason.strip()) != null) {
        throw new FtwFormatException(where + ": " + title + " is listed twice");
      }
    }
    return entries;
  }

  private static List<Entry> entries(Object node, String source, String list, boolean skip)
      throws FtwFormatException {
    List<Entry> entries = new ArrayList<>();
    if (node == null) {
      return entries;
    }
    if (!(node instanceof List<?> items)) {
      throw new FtwFormatException(source + ": " + list + " must be a list");
    }
    for (Object item : items) {
      String where = source + ": " + list + "[" + entries.size() + "]";
      if (!(item instanceof Map<?, ?> map)) {
        throw new FtwFormatException(where + " must be a mapping");
      }
      for (Object key : map.keySet()) {
        if (!Set.of("rule_id", "test_ids", "stage_ids", "category", "reason", "output").contains(
            String.valueOf(key))) {
          throw new FtwFormatException(where + ": unknown field '" + key + "'");
        }
      }
      if (map.containsKey("output")) {
        throw new FtwFormatException(where + ": 'output' (re-expecting a result) is not allowed: an entry either "
            + "skips a stage or records a known failure");
      }
      int ruleId = number(map.get("rule_id"), where + ".rule_id");
      List<Integer> testIds = numbers(map.get("test_ids"), where + ".test_ids");
      if (testIds.isEmpty()) {
        throw new FtwFormatException(where + ": test_ids must list the tests (an entry never covers a whole rule)");
      }
      List<Integer> stageIds = map.containsKey("stage_ids") ? numbers(map.get("stage_ids"), where + ".stage_ids")
          : List.of();
      Object reason = map.get("reason");
      if (!(reason instanceof String text) || text.isBlank()) {
        throw new FtwFormatException(where + ": every entry needs a written reason");
      }
      Object category = map.get("category");
      if (skip && !SERVER_PARSING.equals(category)) {
        throw new FtwFormatException(where + ": a skipped stage must have category: " + SERVER_PARSING
            + " (only the HTTP server's own parsing may be skipped)");
      }
      entries.add(new Entry(ruleId, testIds, stageIds, category == null ? "" : String.valueOf(category),
          ((String) reason).strip()));
    }
    return entries;
  }

  private static int number(Object value, String where) throws FtwFormatException {
    if (value instanceof Integer n) {
      return n;
    }
    if (value instanceof Long n && n == n.intValue()) {
      return n.intValue();
    }
    throw new FtwFormatException(where + " must be a whole number");
  }

  private static List<Integer> numbers(Object value, String where) throws FtwFormatException {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items)) {
      return List.of(number(value, where));
    }
    List<Integer> out = new ArrayList<>();
    for (Object item : items) {
      out.add(number(item, where));
    }
    return out;
  }

  public String source() {
    return source;
  }

  public List<Entry> skips() {
    return skips;
  }

  public List<Entry> knownFailures() {
    return knownFailures;
  }

  /** The skip that covers this stage of a v4-format test. */
  public Optional<Entry> skipFor(FtwTestFile.Format format, FtwTestCase test, FtwStage stage) {
    return format != FtwTestFile.Format.V4 ? Optional.empty()
        : skips.stream().filter(e -> e.covers(test, stage)).findFirst();
  }

  /** Old-format known failures: test title to reason. */
  public Map<String, String> legacyKnownFailures() {
    return legacyKnownFailures;
  }

  /** The known failure that covers this stage: by rule, test number and stage (v4), or by test title (old format). */
  public Optional<Entry> knownFailureFor(FtwTestFile.Format format, FtwTestCase test, FtwStage stage) {
    if (format != FtwTestFile.Format.V4) {
      return Optional.ofNullable(legacyKnownFailures.get(test.id()))
          .map(reason -> new Entry(test.ruleId(), List.of(), List.of(), "", reason));
    }
    return knownFailures.stream().filter(e -> e.covers(test, stage)).findFirst();
  }
}
