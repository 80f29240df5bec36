package io.meshward.waf.crstest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrsOverridesTest {
  private static final FtwStage STAGE = new FtwStage(1, new StageInput(null, null, null, null, null, null, null,
      null, null, null, null, null, null, null, null), new StageOutput(List.of(), null, List.of(), List.of(), null,
      null, null, null, null, false, false), 1);

  private static FtwTestCase test(int rule, int number) {
    return new FtwTestCase(rule, rule + "-" + number, number, "", List.of(STAGE), 1);
  }

  @Test
  void theProjectFileIsValidAndWithinTheRules() throws Exception {
    CrsOverrides overrides = CrsOverrides.projectDefault();
    int skippedTests = overrides.skips().stream().mapToInt(e -> e.testIds().size()).sum();
    assertThat(skippedTests).as("at most 25 skipped stages").isLessThanOrEqualTo(CrsRegression.MAX_SKIPPED_STAGES);
    assertThat(overrides.skips()).allSatisfy(e -> {
      assertThat(e.category()).isEqualTo(CrsOverrides.SERVER_PARSING);
      assertThat(e.reason()).isNotBlank();
    });
    assertThat(overrides.knownFailures()).allSatisfy(e -> assertThat(e.reason()).isNotBlank());
    assertThat(overrides.knownFailures()).as("no stage is expected to fail").isEmpty();
  }

  @Test
  void matchesRuleTestAndStage() throws Exception {
    CrsOverrides overrides = CrsOverrides.parse("""
        test_overrides:
          - rule_id: 920100
            test_ids: [8]
            category: http-server-parsing
            reason: the server refuses the fragment before the WAF runs
        known_failures:
          - rule_id: 942100
            test_ids: [1, 2]
            stage_ids: [1]
            reason: detector missing
        """, "test");
    assertThat(overrides.skipFor(FtwTestFile.Format.V4, test(920100, 8), STAGE)).isPresent();
    assertThat(overrides.skipFor(FtwTestFile.Format.V4, test(920100, 7), STAGE)).isEmpty();
    assertThat(overrides.skipFor(FtwTestFile.Format.LEGACY, test(920100, 8), STAGE))
        .as("the old format's tests are never matched").isEmpty();
    assertThat(overrides.knownFailureFor(FtwTestFile.Format.V4, test(942100, 2), STAGE)).get()
        .extracting(CrsOverrides.Entry::reason).isEqualTo("detector missing");
    FtwStage second = new FtwStage(2, STAGE.input(), STAGE.output(), 1);
    assertThat(overrides.knownFailureFor(FtwTestFile.Format.V4, test(942100, 2), second)).isEmpty();
  }

  @Test
  void oldFormatTestsAreKnownFailuresByTitleAndNeverSkipped() throws Exception {
    CrsOverrides overrides = CrsOverrides.parse("""
        legacy_known_failures:
          - {test_title: 920460-1, reason: the rule file is read another way}
        """, "test");
    FtwTestCase legacy = new FtwTestCase(920460, "920460-1", 0, "", List.of(STAGE), 1);
    assertThat(overrides.knownFailureFor(FtwTestFile.Format.LEGACY, legacy, STAGE)).get()
        .extracting(CrsOverrides.Entry::reason).isEqualTo("the rule file is read another way");
    assertThat(overrides.knownFailureFor(FtwTestFile.Format.LEGACY,
        new FtwTestCase(920460, "920460-2", 0, "", List.of(STAGE), 1), STAGE)).isEmpty();
    assertThat(overrides.knownFailureFor(FtwTestFile.Format.V4, test(920460, 1), STAGE))
        .as("a v4 test is never matched by title").isEmpty();

    assertThatThrownBy(() -> CrsOverrides.parse("legacy_known_failures:\n  - {test_title: 1-1}\n", "f"))
        .hasMessageContaining("written reason");
    assertThatThrownBy(() -> CrsOverrides.parse("legacy_known_failures:\n  - {reason: r}\n", "f"))
        .hasMessageContaining("test_title");
    assertThatThrownBy(() -> CrsOverrides.parse("legacy_known_failures:\n  - {test_title: 1-1, reason: r}\n"
        + "  - {test_title: 1-1, reason: s}\n", "f")).hasMessageContaining("listed twice");
    assertThatThrownBy(() -> CrsOverrides.parse("legacy_known_failures:\n  - {test_title: 1-1, reason: r, "
        + "category: http-server-parsing}\n", "f")).hasMessageContaining("unknown field 'category'");
  }

  @Test
  void refusesEntriesWithoutReasonsOrOutsideTheRules() {
    assertThatThrownBy(() -> CrsOverrides.parse("test_overrides:\n  - {rule_id: 1, test_ids: [1], "
        + "category: http-server-parsing}\n", "f")).hasMessageContaining("written reason");
    assertThatThrownBy(() -> CrsOverrides.parse("test_overrides:\n  - {rule_id: 1, test_ids: [1], reason: ' '}\n",
        "f")).hasMessageContaining("written reason");
    assertThatThrownBy(() -> CrsOverrides.parse("test_overrides:\n  - {rule_id: 1, test_ids: [1], reason: r}\n",
        "f")).hasMessageContaining("category: http-server-parsing");
    assertThatThrownBy(() -> CrsOverrides.parse("test_overrides:\n  - {rule_id: 1, test_ids: [1], reason: r, "
        + "category: detection}\n", "f")).hasMessageContaining("only the HTTP server's own parsing");
    assertThatThrownBy(() -> CrsOverrides.parse("known_failures:\n  - {rule_id: 1, reason: r}\n", "f"))
        .hasMessageContaining("test_ids");
    assertThatThrownBy(() -> CrsOverrides.parse("known_failures:\n  - {rule_id: 1, test_ids: [1], reason: r, "
        + "output: {status: 200}}\n", "f")).hasMessageContaining("not allowed");
    assertThatThrownBy(() -> CrsOverrides.parse("""
        test_overrides:
          - {rule_id: 1, test_ids: [1, 2], reason: r, category: http-server-parsing}
        known_failures:
          - {rule_id: 1, test_ids: [2], reason: r}
        """, "f")).hasMessageContaining("both skipped and listed");
    assertThatThrownBy(() -> CrsOverrides.parse("surprise: 1\n", "f")).hasMessageContaining("surprise");
  }

  @Test
  void loadsFromAFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("o.yaml");
    java.nio.file.Files.writeString(file, "known_failures: []\n");
    assertThat(CrsOverrides.load(file).source()).isEqualTo(file.toString());
    assertThat(CrsOverrides.none().skips()).isEmpty();
  }
}
