package io.meshward.waf.crstest;

import java.util.List;

/**
 * The {@code output} (expectations) of a go-ftw test stage. go-ftw v4 files put rule ids under {@code log}; the old
 * FTW format (CRS v3.3) has {@code log_contains}/{@code no_log_contains} regular expressions and a status list.
 *
 * @param status accepted response statuses; empty when the stage does not check the status
 * @param responseContains a regular expression the whole response text must match, or null
 * @param expectIds rule ids that must all appear in the log ({@code [id "N"]})
 * @param noExpectIds rule ids none of which may appear in the log
 * @param matchRegex a regular expression some log line must match, or null
 * @param noMatchRegex a regular expression no log line may match, or null
 * @param logContains the legacy form of {@code matchRegex}, or null
 * @param noLogContains the legacy form of {@code noMatchRegex}, or null
 * @param expectError true when the client must see a connection-level error (no parseable response)
 * @param retryOnce run the stage a second time when it fails (for log lines that arrive late on real servers)
 * @param isolated exactly one rule id may appear in the log
 */
public record StageOutput(
    List<Integer> status,
    String responseContains,
    List<Integer> expectIds,
    List<Integer> noExpectIds,
    String matchRegex,
    String noMatchRegex,
    String logContains,
    String noLogContains,
    Boolean expectError,
    boolean retryOnce,
    boolean isolated) {

  public StageOutput {
    status = List.copyOf(status);
    expectIds = List.copyOf(expectIds);
    noExpectIds = List.copyOf(noExpectIds);
  }

  public boolean expectsError() {
    return expectError != null && expectError;
  }

  /** Whether the stage asserts anything about the rule id, positively or negatively. */
  public boolean mentionsRule(int ruleId) {
    String needle = String.valueOf(ruleId);
    return expectIds.contains(ruleId) || noExpectIds.contains(ruleId)
        || contains(matchRegex, needle) || contains(noMatchRegex, needle)
        || contains(logContains, needle) || contains(noLogContains, needle);
  }

  private static boolean contains(String text, String needle) {
    return text != null && text.contains(needle);
  }
}
