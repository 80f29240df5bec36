package io.meshward.waf.bodyprocessors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The bodies of the CRS v4 regression tests (read from the shared CRS checkout at test time), run through the
 * processors, with the rule patterns that read the results applied to them where that is engine-independent.
 */
@DisplayName("CRS v4 regression test bodies")
class CrsRegressionBodiesTest {
  /** One request of a regression test that has a body. */
  record Stage(String file, int testId, String contentType, byte[] body, Map<String, Object> output) {
    String id() {
      return file + "#" + testId;
    }

    @SuppressWarnings("unchecked")
    List<Integer> ids(String key) {
      Object log = output == null ? null : output.get("log");
      if (!(log instanceof Map)) {
        return List.of();
      }
      Object ids = ((Map<String, Object>) log).get(key);
      if (!(ids instanceof List)) {
        return List.of();
      }
      return ((List<Object>) ids).stream().map(o -> Integer.parseInt(o.toString())).collect(Collectors.toList());
    }

    boolean expects(int ruleId) {
      return ids("expect_ids").contains(ruleId);
    }

    boolean expectsNot(int ruleId) {
      return ids("no_expect_ids").contains(ruleId);
    }
  }

  static List<Stage> stages;

  @BeforeAll
  static void load() throws IOException {
    Optional<Path> dir = testsDir();
    assertThat(dir).as("CRS regression tests under ../shared (meshward.shared.dir)").isPresent();
    stages = new ArrayList<>();
    Load yaml = new Load(LoadSettings.builder().setLabel("crs").build());
    try (Stream<Path> files = Files.walk(dir.get())) {
      for (Path f : files.filter(p -> p.toString().matches(".*\\.ya?ml$")).sorted().collect(Collectors.toList())) {
        Object doc = yaml.loadFromString(Files.readString(f, StandardCharsets.UTF_8));
        collect(f.getFileName().toString(), doc);
      }
    }
  }

  static Optional<Path> testsDir() {
    String shared = System.getProperty("meshward.shared.dir");
    List<Path> candidates = new ArrayList<>();
    if (shared != null) {
      candidates.add(Paths.get(shared));
    }
    Path here = Paths.get("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      candidates.add(p.resolve("shared"));
      candidates.add(p.resolveSibling("shared"));
    }
    return candidates.stream()
        .map(p -> p.resolve("crs/v4/tests/regression/tests"))
        .filter(Files::isDirectory)
        .findFirst();
  }

  @SuppressWarnings("unchecked")
  static void collect(String file, Object doc) {
    if (!(doc instanceof Map)) {
      return;
    }
    Object tests = ((Map<String, Object>) doc).get("tests");
    if (!(tests instanceof List)) {
      return;
    }
    for (Object t : (List<Object>) tests) {
      Map<String, Object> test = (Map<String, Object>) t;
      int testId = Integer.parseInt(String.valueOf(test.get("test_id")));
      for (Object s : (List<Object>) test.getOrDefault("stages", List.of())) {
        Map<String, Object> stage = (Map<String, Object>) s;
        Map<String, Object> input = (Map<String, Object>) stage.get("input");
        Map<String, Object> output = (Map<String, Object>) stage.get("output");
        if (input == null) {
          continue;
        }
        String contentType = null;
        byte[] body = null;
        Object headers = input.get("headers");
        if (headers instanceof Map) {
          for (Map.Entry<String, Object> h : ((Map<String, Object>) headers).entrySet()) {
            if (h.getKey().equalsIgnoreCase("Content-Type")) {
              contentType = String.valueOf(h.getValue());
            }
          }
        }
        if (input.get("data") != null) {
          body = String.valueOf(input.get("data")).getBytes(StandardCharsets.UTF_8);
        }
        if (input.get("encoded_request") != null) {
          byte[] raw = Base64.getMimeDecoder().decode(String.valueOf(input.get("encoded_request")));
          String text = new String(raw, StandardCharsets.ISO_8859_1);
          int split = text.indexOf("\r\n\r\n");
          if (split < 0) {
            continue;
          }
          for (String line : text.substring(0, split).split("\r\n")) {
            if (line.regionMatches(true, 0, "content-type:", 0, 13)) {
              contentType = line.substring(13).strip();
            }
          }
          body = text.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1);
        }
        if (contentType != null && body != null) {
          stages.add(new Stage(file, testId, contentType, body, output));
        }
      }
    }
  }

  static List<Stage> withContentType(String fragment) {
    return stages.stream()
        .filter(s -> s.contentType().toLowerCase(Locale.ROOT).contains(fragment))
        .collect(Collectors.toList());
  }

  static Stage stage(String file, int testId) {
    return stages.stream()
        .filter(s -> s.file().equals(file) && s.testId() == testId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + file + "#" + testId));
  }

  static BodyResult multipart(Stage s) {
    return TestBodies.PROCESSORS.process(BodyProcessorType.MULTIPART, s.body(), s.contentType());
  }

  static BodyResult process(BodyProcessorType type, Stage s) {
    return TestBodies.PROCESSORS.process(type, s.body(), s.contentType());
  }

  @Test
  void everyMultipartBodyParsesWithoutThrowingAndSetsEveryFlag() {
    List<Stage> multipart = withContentType("multipart/form-data");
    assertThat(multipart).hasSizeGreaterThan(100);
    for (Stage s : multipart) {
      BodyResult r = multipart(s);
      assertThat(r.flags()).as(s.id()).hasSize(MultipartFlag.values().length);
    }
  }

  @Test
  void wellFormedMultipartBodiesGiveNoError() {
    List<String> failing = withContentType("multipart/form-data").stream()
        .filter(s -> multipart(s).error())
        .map(s -> s.id() + " " + multipart(s).errorMessage())
        .collect(Collectors.toList());
    // exactly the bodies that are broken on purpose (or carry no multipart body at all)
    assertThat(failing)
        .allMatch(f -> f.startsWith("920400.yaml#") // a header line of 64,200 bytes, no blank line
            || f.startsWith("920470.yaml#") // Content-Type tests: no body worth the name
            || f.startsWith("921421.yaml#")
            || f.startsWith("921422.yaml#")
            || f.startsWith("920120.yaml#39 ") // name="" filename=""
            || f.startsWith("922130.yaml#") // broken part headers
            || f.startsWith("932180.yaml#3 "), // a part without headers, no final boundary
            "unexpected failures");
  }

  @Test
  void rule922130SeesTheInvalidHeaderMessageExactlyWhereTheTestsExpectIt() {
    Pattern expected = Pattern.compile(
        "Multipart parsing error: Multipart: Invalid part header \\(contains invalid character\\)");
    for (int id : new int[] {1, 2, 4, 7}) {
      assertThat(multipart(stage("922130.yaml", id)).errorMessage()).as("922130 #" + id).containsPattern(expected);
    }
    for (int id : new int[] {3, 5, 6, 8}) {
      assertThat(multipart(stage("922130.yaml", id)).errorMessage()).as("922130 #" + id)
          .doesNotContainPattern(expected);
    }
  }

  @Test
  void rule922100CountsPartHeadersOfTheCharsetPart() {
    BodyResult r = multipart(stage("922100.yaml", 1));
    assertThat(r.partHeaders()).extracting(NamedValue::name).contains("_charset_");
    assertThat(r.args()).contains(NamedValue.of("_charset_", "utf-7"));
  }

  @Test
  void rules922110And922120SeePartHeaderLines() {
    Pattern contentType = Pattern.compile("^content-type\\s*:\\s*(.*)$", Pattern.DOTALL | Pattern.MULTILINE);
    BodyResult r110 = multipart(stage("922110.yaml", 29));
    assertThat(r110.partHeaders().stream().map(v -> v.value().toLowerCase(Locale.ROOT)))
        .anySatisfy(v -> assertThat(contentType.matcher(v).find()).isTrue())
        .contains("content-type: text/plain; charset=utf-7");
    BodyResult r120 = multipart(stage("922120.yaml", 1));
    assertThat(r120.partHeaders()).contains(NamedValue.of("flavors", "Content-Transfer-Encoding: 8bit"));
  }

  @Test
  void rule920120PatternOverFilesAndFilesNamesAgreesWithTheTests() {
    // SecRule FILES|FILES_NAMES "!@rx ..." (negated): a match means the rule does NOT fire
    Pattern allowed = Pattern.compile("(?i)^(?:&(?:(?:[acegilnorsuz]acut|[aeiou]grav|[aino]tild)e|[c-elnr-tz]caron"
        + "|(?:[cgklnr-t]cedi|[aeiouy]um)l|[aceg-josuwy]circ|[au]ring|a(?:mp|pos)|nbsp|oslash);|[^\"';=\\x5c])*$");
    int checked = 0;
    for (Stage s : stages) {
      if (!s.file().equals("920120.yaml") || !(s.expects(920120) || s.expectsNot(920120))) {
        continue;
      }
      BodyResult r = multipart(s);
      boolean fires = r.files().stream()
          .flatMap(f -> Stream.of(f.filename(), f.name()))
          .anyMatch(v -> !allowed.matcher(v).find());
      assertThat(fires).as(s.id()).isEqualTo(s.expects(920120));
      checked++;
    }
    assertThat(checked).isGreaterThan(30);
  }

  @Test
  void rule920121PatternOverFilesAndFilesNamesAgreesWithTheTests() {
    Pattern special = Pattern.compile("['\";=\\x5c]");
    for (Stage s : stages) {
      if (!s.file().equals("920121.yaml")) {
        continue;
      }
      BodyResult r = multipart(s);
      boolean fires = r.files().stream()
          .flatMap(f -> Stream.of(f.filename(), f.name()))
          .anyMatch(v -> special.matcher(v).find());
      assertThat(fires).as(s.id()).isEqualTo(s.expects(920121));
    }
  }

  @Test
  void rule920410SeesTheCombinedFileSize() {
    assertThat(multipart(stage("920410.yaml", 1)).filesCombinedSize()).isGreaterThan(65535);
    assertThat(multipart(stage("920410.yaml", 2)).filesCombinedSize()).isLessThan(65535);
  }

  @Test
  void everyJsonBodyParsesIntoJsonPrefixedArgs() {
    List<Stage> json = withContentType("application/json");
    assertThat(json).hasSizeGreaterThan(50);
    for (Stage s : json) {
      BodyResult r = process(BodyProcessorType.JSON, s);
      assertThat(r.args()).as(s.id()).allSatisfy(a -> assertThat(a.name()).matches("json(\\..*)?"));
      if (!r.error()) {
        assertThat(new String(s.body(), StandardCharsets.ISO_8859_1).isBlank() || !r.args().isEmpty()
            || new String(s.body(), StandardCharsets.ISO_8859_1).matches("\\s*(\\{\\s*}|\\[\\s*])\\s*"))
            .as(s.id()).isTrue();
      }
    }
  }

  @Test
  void rule942220MatchesTheJsonKeyName() {
    Pattern p = Pattern.compile("(?i)^(?:json\\.)?(?:429496729[56]|2(?:14748364[78]|.22507385850720(?:07|11)e-308)"
        + "|-(?:214748364[89]|0000023456)|00000(?:12345|23456)|1e309)$");
    BodyResult r = process(BodyProcessorType.JSON, stage("942220.yaml", 3));
    assertThat(r.args()).extracting(NamedValue::name).anyMatch(n -> p.matcher(n).find());
  }

  @Test
  void everyXmlBodyParsesAndProbeAttributesAreDecoded() {
    List<Stage> xml = withContentType("xml");
    List<String> failing = new ArrayList<>();
    for (Stage s : xml) {
      BodyResult r = process(BodyProcessorType.XML, s);
      if (r.error()) {
        failing.add(s.id());
      }
    }
    // 920240#4 carries backslash-escaped quotes (not XML); the others are "test"-like non-XML bodies
    assertThat(failing).allMatch(f -> f.startsWith("920240.yaml#") || f.startsWith("920420.yaml#"),
        "unexpected failures");
    BodyResult crlf = process(BodyProcessorType.XML, stage("921120.yaml", 5));
    assertThat(crlf.xmlAttributeValues()).singleElement().asString()
        .startsWith("foobar\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK");
    BodyResult text = process(BodyProcessorType.XML, stage("934120.yaml", 43));
    assertThat(text.xmlTexts()).containsExactly("http://2852039166/");
  }
}
