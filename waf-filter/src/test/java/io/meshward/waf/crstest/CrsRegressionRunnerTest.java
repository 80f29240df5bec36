package io.meshward.waf.crstest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshward.waf.Interruption;
import io.meshward.waf.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner end to end over a small made-up CRS tree, with a fake WAF. */
class CrsRegressionRunnerTest {
  @TempDir
  Path crs;

  private static final String HEADERS = "headers: {Host: localhost, User-Agent: OWASP CRS test agent}";

  private void write(String relative, String yaml) throws IOException {
    Path file = crs.resolve("tests/regression/tests").resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
  }

  /** Rule 100 "fires" when the target holds "attack", rule 949110 whenever 100 does. */
  private static List<Integer> rules(FakeTransaction tx) {
    return tx.uri.contains("attack") ? List.of(100, 949110) : List.of();
  }

  private void writeSuite() throws IOException {
    write("REQUEST-100/100.yaml", """
        rule_id: 100
        tests:
          - test_id: 1
            stages:
              - input: {uri: /attack, %1$s}
                output: {log: {expect_ids: [100]}}
          - test_id: 2
            stages:
              - input: {uri: /fine, %1$s}
                output: {log: {no_expect_ids: [100]}}
          - test_id: 3
            stages:
              - input: {uri: /fine, %1$s}
                output: {log: {expect_ids: [100]}}
          - test_id: 4
            stages:
              - input: {method: "     GET", %1$s}
                output: {status: 400}
              - input: {uri: /attack, %1$s}
                output: {log: {match_regex: 'Inbound|\\[id "100"\\]'}}
        """.formatted(HEADERS));
    write("REQUEST-200/200.yml", """
        rule_id: 200
        tests:
          - test_id: 1
            stages:
              - input: {uri: /fine, %1$s}
                output: {log: {expect_ids: [200]}}
          - test_id: 2
            stages:
              - input: {uri: /attack, %1$s}
                output: {log: {no_match_regex: '\\[id "\\d+"\\]'}}
        """.formatted(HEADERS));
  }

  private String run(CrsRegression.Options options) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CrsRegression.run(crs, options.out(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runsEveryStageAndEndsWithTheSummaryLine() throws Exception {
    writeSuite();
    FakeTransaction.Source waf = new FakeTransaction.Source(CrsRegressionRunnerTest::rules);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Report report = CrsRegression.run(crs, new CrsRegression.Options().overrides(CrsOverrides.none())
        .transactions(waf).threads(3).out(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    assertThat(report.total()).isEqualTo(7);
    assertThat(report.results()).extracting(StageResult::id).containsExactly("100-1", "100-2", "100-3",
        "100-4 stage 1", "100-4 stage 2", "200-1", "200-2");
    assertThat(report.results()).extracting(StageResult::status).containsExactly(StageResult.Status.PASSED,
        StageResult.Status.PASSED, StageResult.Status.FAILED, StageResult.Status.PASSED, StageResult.Status.PASSED,
        StageResult.Status.FAILED, StageResult.Status.FAILED);
    assertThat(waf.made).as("the refused request never reached the WAF").hasSize(6);
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("FAIL 100-3", "expected ids [100] in the log; missing [100]; log ids: []",
        "FAIL 200-1", "FAIL 200-2", "expected no log line matching no_match_regex");
    String[] lines = output.split("\n");
    assertThat(lines[lines.length - 1]).isEqualTo("crs-regression: 4 passed, 3 failed, 0 skipped");
    assertThat(report.summaryLine()).isEqualTo("crs-regression: 4 passed, 3 failed, 0 skipped");
    assertThat(report.meetsBar(25)).isFalse();
    assertThat(report.failureGroups()).containsKeys("missing 100", "missing 200");
  }

  @Test
  void filtersByRuleAndTest() throws Exception {
    writeSuite();
    FakeTransaction.Source waf = new FakeTransaction.Source(CrsRegressionRunnerTest::rules);
    Report byRule = CrsRegression.run(crs, new CrsRegression.Options().overrides(CrsOverrides.none())
        .transactions(waf).rule(200));
    assertThat(byRule.results()).extracting(StageResult::id).containsExactly("200-1", "200-2");
    Report byTest = CrsRegression.run(crs, new CrsRegression.Options().overrides(CrsOverrides.none())
        .transactions(waf).test("100-4").test("200-2"));
    assertThat(byTest.results()).extracting(StageResult::id).containsExactly("100-4 stage 1", "100-4 stage 2",
        "200-2");
    Report byStage = CrsRegression.run(crs, new CrsRegression.Options().overrides(CrsOverrides.none())
        .transactions(waf).test("100-4 stage 2"));
    assertThat(byStage.results()).extracting(StageResult::id).containsExactly("100-4 stage 2");
  }

  @Test
  void skipsAndKnownFailuresFollowTheOverrides() throws Exception {
    writeSuite();
    CrsOverrides overrides = CrsOverrides.parse("""
        test_overrides:
          - rule_id: 100
            test_ids: [4]
            stage_ids: [1]
            category: http-server-parsing
            reason: the server refuses it
        known_failures:
          - rule_id: 100
            test_ids: [3]
            reason: detector missing
          - rule_id: 200
            test_ids: [1, 2]
            reason: not yet
          - rule_id: 100
            test_ids: [1]
            reason: was broken once
        """, "test-overrides");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Report report = CrsRegression.run(crs, new CrsRegression.Options().overrides(overrides)
        .transactions(new FakeTransaction.Source(CrsRegressionRunnerTest::rules))
        .out(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    assertThat(report.summaryLine()).isEqualTo("crs-regression: 3 passed, 3 failed, 1 skipped");
    assertThat(report.results().get(3).reason()).isEqualTo("the server refuses it");
    assertThat(report.unexpectedFailures()).isEmpty();
    assertThat(report.knownFailures()).extracting(StageResult::id).containsExactly("100-3", "200-1", "200-2");
    assertThat(report.knownFailuresNowPassing()).extracting(StageResult::id).containsExactly("100-1");
    assertThat(report.meetsBar(25)).as("a known failure that passes breaks the bar").isFalse();
    assertThat(report.meetsBar(0)).isFalse();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("FAIL 100-3 (known failure: detector missing)",
        "KNOWN FAILURE NOW PASSES 100-1");
  }

  @Test
  void retriesOnceWhenTheStageSaysSo() throws Exception {
    write("REQUEST-300/300.yaml", """
        rule_id: 300
        tests:
          - test_id: 1
            stages:
              - input: {uri: /, %1$s}
                output: {retry_once: true, log: {expect_ids: [300]}}
        """.formatted(HEADERS));
    FakeTransaction.Source flaky = new FakeTransaction.Source(tx -> List.of());
    Supplier<Transaction> secondTimeLucky = () -> flaky.made.isEmpty() ? flaky.get()
        : new FakeTransaction(tx -> List.of(300), null);
    Report report = CrsRegression.run(crs, new CrsRegression.Options().overrides(CrsOverrides.none())
        .transactions(secondTimeLucky));
    assertThat(report.passed()).isEqualTo(1);
  }

  @Test
  void aStuckOrThrowingEngineFailsOnlyItsStage() throws Exception {
    writeSuite();
    Supplier<Transaction> waf = () -> new FakeTransaction(CrsRegressionRunnerTest::rules, null) {
      @Override
      public Optional<Interruption> processRequestHeaders() {
        if (uri.equals("/fine")) {
          throw new IllegalStateException("boom");
        }
        if (uri.startsWith("/attack")) {
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return Optional.empty();
      }
    };
    Report report = CrsRegression.run(crs, new CrsRegression.Options().overrides(CrsOverrides.none())
        .transactions(waf).threads(2).stageTimeout(Duration.ofMillis(300)));
    assertThat(report.total()).isEqualTo(7);
    assertThat(report.results().get(0).problems()).singleElement().asString().contains("did not finish");
    assertThat(report.results().get(1).problems()).singleElement().asString()
        .contains("IllegalStateException: boom");
    assertThat(report.results().get(3).passed()).as("the refused request needs no engine").isTrue();
  }

  @Test
  void anEngineThatDoesNotLoadFailsEveryStageThatRuns() throws Exception {
    writeSuite();
    Files.createDirectories(crs.resolve("rules"));
    Files.writeString(crs.resolve("rules/BROKEN.conf"), "SecNoSuchDirective On\n");
    String output = run(new CrsRegression.Options().overrides(CrsOverrides.parse("""
        test_overrides:
          - {rule_id: 100, test_ids: [4], category: http-server-parsing, reason: r}
        """, "o")));
    assertThat(output).contains("ENGINE DID NOT LOAD").contains("not run: the engine did not load");
    assertThat(output.strip()).endsWith("crs-regression: 0 passed, 5 failed, 2 skipped");
  }

  @Test
  void aBrokenTestFileIsAFailureAndTheRestRuns() throws Exception {
    writeSuite();
    write("REQUEST-400/400.yaml", "rule_id: 400\ntests: [\n");
    Report report = CrsRegression.run(crs, new CrsRegression.Options().overrides(CrsOverrides.none())
        .transactions(new FakeTransaction.Source(CrsRegressionRunnerTest::rules)));
    assertThat(report.total()).isEqualTo(8);
    assertThat(report.results().get(0).problems()).singleElement().asString().contains("cannot be read");
    assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("400.yaml"));
  }

  @Test
  void refusesADirectoryWithoutTests() {
    assertThatThrownBy(() -> CrsRegression.run(crs, new CrsRegression.Options()))
        .hasMessageContaining("tests/regression/tests").hasMessageContaining("does not exist");
  }

  @Test
  void theMainClassPrintsTheSummaryLastAndExitsByTheBar() throws Exception {
    writeSuite();
    Files.createDirectories(crs.resolve("rules"));
    Files.writeString(crs.resolve("rules/EMPTY.conf"), "# no rules\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = CrsRegressionMain.run(new String[] {"--crs", crs.toString(), "--no-overrides", "--rule", "100",
        "--threads", "2"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines[lines.length - 1]).matches("crs-regression: \\d+ passed, \\d+ failed, 0 skipped");
    assertThat(status).isEqualTo(1);
    assertThat(CrsRegressionMain.run(new String[] {"--rule", "1"}, new PrintStream(out), new PrintStream(err)))
        .isEqualTo(2);
    assertThat(CrsRegressionMain.run(new String[] {"--crs", crs.resolve("nope").toString()}, new PrintStream(out),
        new PrintStream(err))).isEqualTo(2);
    assertThat(CrsRegressionMain.run(new String[] {"--bogus"}, new PrintStream(out), new PrintStream(err)))
        .isEqualTo(2);
  }
}
