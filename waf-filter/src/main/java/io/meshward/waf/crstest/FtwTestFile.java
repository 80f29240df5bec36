package io.meshward.waf.crstest;

import java.nio.file.Path;
import java.util.List;

/**
 * A go-ftw test file.
 *
 * @param format {@link Format#V4} ({@code rule_id}, {@code tests[].test_id}, {@code stages[].input/output}) or
 *     {@link Format#LEGACY} (CRS v3.3: {@code tests[].test_title}, {@code stages[].stage.input/output})
 * @param ruleId {@code rule_id}, or the number in the file name
 * @param enabled false when {@code meta.enabled} is false (old format): its tests are not run
 * @param warnings fields the reader did not know (the file still loads)
 */
public record FtwTestFile(Path path, Format format, int ruleId, boolean enabled, List<FtwTestCase> tests,
    List<String> warnings) {
  public FtwTestFile {
    tests = List.copyOf(tests);
    warnings = List.copyOf(warnings);
  }

  public enum Format { V4, LEGACY }

  public int stageCount() {
    return tests.stream().mapToInt(t -> t.stages().size()).sum();
  }
}
