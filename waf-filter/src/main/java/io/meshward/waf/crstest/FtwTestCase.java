package io.meshward.waf.crstest;

import java.util.List;

/**
 * One test of a go-ftw file.
 *
 * @param ruleId the rule the file tests
 * @param id the test id as go-ftw prints it: "920100-4" (v4: rule id and {@code test_id}; old format:
 *     {@code test_title})
 * @param testNumber the v4 {@code test_id} (or its position when absent); 0 in the old format
 * @param description the test's {@code desc}, or empty
 * @param line the line of the test in its file
 */
public record FtwTestCase(int ruleId, String id, int testNumber, String description, List<FtwStage> stages,
    int line) {
  public FtwTestCase {
    stages = List.copyOf(stages);
  }
}
