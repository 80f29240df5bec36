package io.meshward.waf.service.inspect;

import java.time.Duration;

/**
 * The end of an inspection's time budget. Checked between engine phases, so that a budget spent early stops the
 * work that is left; a single phase that overruns is caught by {@link InspectionPool}'s timer instead.
 */
public record Deadline(long nanoTime) {
  public static Deadline after(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  public boolean expired() {
    return System.nanoTime() - nanoTime >= 0;
  }
}
