package io.meshward.waf.crstest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FtwYamlReaderTest {
  private static final Path FILE = Path.of("REQUEST-920-PROTOCOL-ENFORCEMENT/920100.yaml");

  @Test
  void readsTheV4Format() throws Exception {
    FtwTestFile file = FtwYamlReader.parse("""
        ---
        meta:
          author: "someone"
          description: "Tests"
        rule_id: 920100
        tests:
          - test_id: 3
            desc: A test
            stages:
              - input:
                  dest_addr: "127.0.0.1"
                  port: 80
                  method: "POST"
                  uri: "/get?x=1"
                  version: "HTTP/1.0"
                  headers:
                    User-Agent: "OWASP CRS test agent"
                    Host: localhost
                    Content-Length: 010
                    X-Empty:
                    X-Bool: true
                  data: |
                    a=1
                    b=2
                  autocomplete_headers: false
                output:
                  status: 400
                  expect_error: true
                  retry_once: true
                  log:
                    expect_ids: [920100, 920101]
                    no_expect_ids: [949110]
                    match_regex: 'id "920100"'
                    no_match_regex: \\[id "\\d+"\\]
        """, FILE);
    assertThat(file.format()).isEqualTo(FtwTestFile.Format.V4);
    assertThat(file.ruleId()).isEqualTo(920100);
    assertThat(file.warnings()).isEmpty();
    FtwTestCase test = file.tests().get(0);
    assertThat(test.id()).isEqualTo("920100-3");
    assertThat(test.testNumber()).isEqualTo(3);
    FtwStage stage = test.stages().get(0);
    StageInput in = stage.input();
    assertThat(in.method()).isEqualTo("POST");
    assertThat(in.effectivePort()).isEqualTo(80);
    assertThat(in.data()).isEqualTo("a=1\nb=2\n");
    assertThat(in.effectiveAutocompleteHeaders()).isFalse();
    // header values keep their YAML spelling and their file order; an empty value is ""
    assertThat(in.headers()).containsExactly(
        new HeaderField("User-Agent", "OWASP CRS test agent"), new HeaderField("Host", "localhost"),
        new HeaderField("Content-Length", "010"), new HeaderField("X-Empty", ""),
        new HeaderField("X-Bool", "true"));
    StageOutput out = stage.output();
    assertThat(out.status()).containsExactly(400);
    assertThat(out.expectsError()).isTrue();
    assertThat(out.retryOnce()).isTrue();
    assertThat(out.expectIds()).containsExactly(920100, 920101);
    assertThat(out.noExpectIds()).containsExactly(949110);
    assertThat(out.matchRegex()).isEqualTo("id \"920100\"");
    assertThat(out.noMatchRegex()).isEqualTo("\\[id \"\\d+\"\\]");
  }

  @Test
  void appliesGoFtwDefaults() throws Exception {
    FtwTestFile file = FtwYamlReader.parse("""
        meta:
        tests:
          - stages:
              - input:
                  dest_addr: 127.0.0.1
                output:
                  log:
                    expect_ids: [1]
          - stages:
              - input:
                  stop_magic: true
                output: {}
        """, Path.of("tests/932271.yaml"));
    assertThat(file.ruleId()).as("the rule id falls back on the file name").isEqualTo(932271);
    assertThat(file.tests()).extracting(FtwTestCase::id).containsExactly("932271-1", "932271-2");
    StageInput first = file.tests().get(0).stages().get(0).input();
    assertThat(first.effectiveMethod()).isEqualTo("GET");
    assertThat(first.effectiveUri()).isEqualTo("/");
    assertThat(first.effectiveVersion()).isEqualTo("HTTP/1.1");
    assertThat(first.headers()).isNull();
    assertThat(first.effectiveAutocompleteHeaders()).isTrue();
    assertThat(file.tests().get(1).stages().get(0).input().effectiveAutocompleteHeaders())
        .as("stop_magic is the inverse of autocomplete_headers").isFalse();
  }

  @Test
  void readsTheOldFtwFormat() throws Exception {
    FtwTestFile file = FtwYamlReader.parse("""
        ---
          meta:
            author: "csanders-git"
            enabled: true
            name: "920160.yaml"
          tests:
          -
            test_title: 920160-1
            stages:
            -
              stage:
                input:
                  dest_addr: 127.0.0.1
                  protocol: http
                  stop_magic: true
                  raw_request: "GET / HTTP/1.1\\r\\n\\r\\n"
                output:
                  status: [400, 403]
                  log_contains: id "920160"
                  no_log_contains: id "920161"
                  response_contains: "Bad"
        """, Path.of("920160.yaml"));
    assertThat(file.format()).isEqualTo(FtwTestFile.Format.LEGACY);
    assertThat(file.enabled()).isTrue();
    FtwTestCase test = file.tests().get(0);
    assertThat(test.id()).isEqualTo("920160-1");
    assertThat(test.ruleId()).isEqualTo(920160);
    FtwStage stage = test.stages().get(0);
    assertThat(stage.input().protocol()).isEqualTo("http");
    assertThat(stage.input().rawRequest()).isEqualTo("GET / HTTP/1.1\r\n\r\n");
    assertThat(stage.output().status()).containsExactly(400, 403);
    assertThat(stage.output().logContains()).isEqualTo("id \"920160\"");
    assertThat(stage.output().noLogContains()).isEqualTo("id \"920161\"");
    assertThat(stage.output().responseContains()).isEqualTo("Bad");
    assertThat(stage.output().mentionsRule(920161)).isTrue();
  }

  @Test
  void reportsDisabledOldFiles() throws Exception {
    FtwTestFile file = FtwYamlReader.parse("""
        meta: {author: x, enabled: false}
        tests:
          - test_title: 1-1
            stages:
              - stage: {input: {}, output: {}}
        """, Path.of("1.yaml"));
    assertThat(file.enabled()).isFalse();
    assertThat(file.stageCount()).isEqualTo(1);
  }

  @Test
  void warnsAboutUnknownFieldsButLoads() throws Exception {
    FtwTestFile file = FtwYamlReader.parse("""
        rule_id: 1
        author: "misplaced"
        tests:
          - test_id: 1
            stages:
              - input: {uri: /, ordered_headers: []}
                output: {log: {expect_id: 1}}
        """, FILE);
    assertThat(file.warnings()).hasSize(3)
        .anySatisfy(w -> assertThat(w).contains("920100.yaml:2").contains("'author'"))
        .anySatisfy(w -> assertThat(w).contains("'ordered_headers'"))
        .anySatisfy(w -> assertThat(w).contains("'log.expect_id'"));
  }

  @Test
  void refusesWhatGoFtwCannotLoad() {
    assertThatThrownBy(() -> FtwYamlReader.parse("""
        rule_id: 1
        tests:
          - test_id: 1
            stages:
              - input:
                  headers:
                    Host: a
                    Host: b
        """, FILE)).isInstanceOf(FtwFormatException.class).hasMessageContaining("920100.yaml:8")
        .hasMessageContaining("'Host' already defined");
    assertThatThrownBy(() -> FtwYamlReader.parse("rule_id: x\n", FILE)).isInstanceOf(FtwFormatException.class)
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> FtwYamlReader.parse("tests: [\n", FILE)).isInstanceOf(FtwFormatException.class)
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void anEmptyFileHasNoTests() throws Exception {
    FtwTestFile file = FtwYamlReader.parse("# only comments\n", Path.of("920539.yaml"));
    assertThat(file.tests()).isEmpty();
    assertThat(file.ruleId()).isEqualTo(920539);
  }

  @Test
  void listsYamlAndYmlFilesInPathOrder(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("B"));
    for (String name : List.of("B/2.yaml", "B/1.yml", "A.yaml", "notes.txt")) {
      java.nio.file.Files.writeString(dir.resolve(name), "");
    }
    assertThat(FtwYamlReader.listTestFiles(dir)).extracting(p -> dir.relativize(p).toString().replace('\\', '/'))
        .containsExactly("A.yaml", "B/1.yml", "B/2.yaml");
  }
}
