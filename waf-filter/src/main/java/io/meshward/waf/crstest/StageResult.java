package io.meshward.waf.crstest;

import java.util.List;

/**
 * The verdict on one stage.
 *
 * @param id the test id as go-ftw prints it ("920100-4"), with " stage N" when the test has several stages
 * @param ruleId the rule the test file is about
 * @param file the test file, relative to the tests directory
 * @param status passed, failed or skipped
 * @param knownFailure the failure is on the known-failure list (it still counts as failed)
 * @param reason why skipped or why a known failure (from the overrides file), else empty
 * @param problems what was expected and what happened, when failed
 * @param log the WAF's log lines for the transaction
 * @param server how the emulated server took the request
 * @param notes further facts about the run of the stage
 * @param millis how long the stage took
 */
public record StageResult(
    String id,
    int ruleId,
    String file,
    Status status,
    boolean knownFailure,
    String reason,
    List<String> problems,
    List<String> log,
    String server,
    List<String> notes,
    long millis) {

  public enum Status { PASSED, FAILED, SKIPPED }

  public StageResult {
    problems = List.copyOf(problems);
    log = List.copyOf(log);
    notes = List.copyOf(notes);
  }

  public boolean passed() {
    return status == Status.PASSED;
  }

  public boolean failed() {
    return status == Status.FAILED;
  }

  public boolean skipped() {
    return status == Status.SKIPPED;
  }
}
