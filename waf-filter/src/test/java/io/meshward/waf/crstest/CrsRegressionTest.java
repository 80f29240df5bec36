package io.meshward.waf.crstest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CI's conformance bar: the whole CRS v4 regression suite in-process (5,009 stages). Every stage must pass except
 * the overrides' skips (at most 25, all about the HTTP server's own parsing) and exactly the overrides' known
 * failures, which must keep failing (a known failure that passes must leave the list). The CRS v3.3 suite must
 * load and run, and fail only the stages the overrides list for it with their reasons; its pass rate is reported.
 */
class CrsRegressionTest {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  @Test
  void v4PassesEveryStageButTheOverrides() throws Exception {
    Path crs = SharedCrs.directory("v4");
    OUT.println("== CRS v4 regression suite (" + crs.toAbsolutePath().normalize() + ")");
    Report report = CrsRegression.run(crs, new CrsRegression.Options().out(OUT));

    assertThat(report.engineProblem()).as("the engine must load CRS v4 with the test set-up").isNull();
    assertThat(report.total()).as("every stage of the suite is counted").isEqualTo(5009);
    assertThat(report.skipped()).as("skips (HTTP-server parsing only)")
        .isLessThanOrEqualTo(CrsRegression.MAX_SKIPPED_STAGES);
    List<String> unexpected = report.unexpectedFailures().stream()
        .map(r -> r.id() + ": " + String.join("; ", r.problems())).toList();
    if (!unexpected.isEmpty()) {
      fail(unexpected.size() + " stages fail outside the known-failure list (the report above lists them all; "
          + "largest causes: " + report.failureGroups().entrySet().stream().limit(5)
          .map(e -> e.getValue().size() + " x " + e.getKey()).toList() + "); the first ones:\n  "
          + String.join("\n  ", unexpected.subList(0, Math.min(20, unexpected.size()))));
    }
    assertThat(report.knownFailuresNowPassing()).extracting(StageResult::id)
        .as("known failures that now pass: remove them from crs-overrides.yaml").isEmpty();
    assertThat(report.meetsBar(CrsRegression.MAX_SKIPPED_STAGES)).isTrue();
  }

  @Test
  void v33LoadsRunsAndFailsOnlyItsKnownStages() throws Exception {
    Path crs = SharedCrs.directory("v3.3");
    OUT.println("== CRS v3.3 regression suite (" + crs.toAbsolutePath().normalize() + ")");
    Report report = CrsRegression.run(crs, new CrsRegression.Options().out(OUT));
    // the report's last lines give the pass rate and the summary; nothing is printed after them
    assertThat(report.engineProblem()).as("the engine must load CRS v3.3 with the test set-up").isNull();
    assertThat(report.total()).isEqualTo(2553);
    assertThat(report.unexpectedFailures()).extracting(StageResult::id)
        .as("v3.3 stages that fail outside legacy_known_failures in crs-overrides.yaml").isEmpty();
    assertThat(report.knownFailuresNowPassing()).extracting(StageResult::id)
        .as("known failures that now pass: remove them from crs-overrides.yaml").isEmpty();
    assertThat(report.knownFailures()).hasSize(CrsOverrides.projectDefault().legacyKnownFailures().size());
  }
}
