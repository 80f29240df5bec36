package io.meshward.waf.crstest;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The outcome of a conformance run: a result per stage, in file order, and what else went wrong. */
public final class Report {
  private static final Pattern IDS = Pattern.compile("\\[(\\d+(?:, \\d+)*)\\]");
  /** The old format's {@code log_contains: id "942100"}. */
  private static final Pattern LEGACY_ID = Pattern.compile("/id \"(\\d+)\"/");

  private final Path crsDirectory;
  private final List<StageResult> results;
  private final List<String> warnings;
  private final String engineProblem;
  private final CrsOverrides overrides;
  private final Duration elapsed;

  Report(Path crsDirectory, List<StageResult> results, List<String> warnings, String engineProblem,
      CrsOverrides overrides, Duration elapsed) {
    this.crsDirectory = crsDirectory;
    this.results = List.copyOf(results);
    this.warnings = List.copyOf(warnings);
    this.engineProblem = engineProblem;
    this.overrides = overrides;
    this.elapsed = elapsed;
  }

  public Path crsDirectory() {
    return crsDirectory;
  }

  public List<StageResult> results() {
    return results;
  }

  /** Test files that could not be read, fields the reader did not know. */
  public List<String> warnings() {
    return warnings;
  }

  /** Why the engine did not load (every stage then fails), or null. */
  public String engineProblem() {
    return engineProblem;
  }

  public CrsOverrides overrides() {
    return overrides;
  }

  public Duration elapsed() {
    return elapsed;
  }

  public long passed() {
    return results.stream().filter(StageResult::passed).count();
  }

  public long failed() {
    return results.stream().filter(StageResult::failed).count();
  }

  public long skipped() {
    return results.stream().filter(StageResult::skipped).count();
  }

  public int total() {
    return results.size();
  }

  /** Failed stages that are not on the known-failure list. */
  public List<StageResult> unexpectedFailures() {
    return results.stream().filter(r -> r.failed() && !r.knownFailure()).toList();
  }

  /** Stages on the known-failure list (failing as expected). */
  public List<StageResult> knownFailures() {
    return results.stream().filter(r -> r.failed() && r.knownFailure()).toList();
  }

  /** Stages on the known-failure list that now pass: the list must shrink. */
  public List<StageResult> knownFailuresNowPassing() {
    return results.stream().filter(r -> r.passed() && r.knownFailure()).toList();
  }

  /**
   * The conformance bar: every stage passes except the skipped ones (at most {@code maxSkipped}) and exactly the
   * known failures, and the engine loaded.
   */
  public boolean meetsBar(int maxSkipped) {
    return engineProblem == null && unexpectedFailures().isEmpty() && knownFailuresNowPassing().isEmpty()
        && skipped() <= maxSkipped;
  }

  /** The pass rate over the stages that ran (skipped ones excluded), in percent. */
  public double passRate() {
    long ran = passed() + failed();
    return ran == 0 ? 0 : 100.0 * passed() / ran;
  }

  /** The last line of every run. */
  public String summaryLine() {
    return "crs-regression: " + passed() + " passed, " + failed() + " failed, " + skipped() + " skipped";
  }

  /**
   * Failed stages grouped by cause: the rule ids that were expected but missing ("missing 942100") or present but
   * unwanted ("unwanted 920350"), else the first problem's kind. Largest groups first.
   */
  public Map<String, List<StageResult>> failureGroups() {
    Map<String, List<StageResult>> groups = new TreeMap<>();
    for (StageResult r : results) {
      if (!r.failed()) {
        continue;
      }
      for (String cause : causes(r)) {
        groups.computeIfAbsent(cause, k -> new ArrayList<>()).add(r);
      }
    }
    Map<String, List<StageResult>> ordered = new LinkedHashMap<>();
    groups.entrySet().stream()
        .sorted((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()))
        .forEach(e -> ordered.put(e.getKey(), e.getValue()));
    return ordered;
  }

  private static List<String> causes(StageResult r) {
    List<String> causes = new ArrayList<>();
    for (String problem : r.problems()) {
      if (problem.startsWith("expected ids ")) {
        Matcher m = IDS.matcher(problem.substring(problem.indexOf("missing")));
        if (m.find()) {
          for (String id : m.group(1).split(", ")) {
            causes.add("missing " + id);
          }
        }
      } else if (problem.startsWith("expected none of ")) {
        Matcher m = IDS.matcher(problem.substring(problem.indexOf("found")));
        if (m.find()) {
          for (String id : m.group(1).split(", ")) {
            causes.add("unwanted " + id);
          }
        }
      } else if (problem.startsWith("expected no log line matching")) {
        Matcher id = LEGACY_ID.matcher(problem);
        causes.add(id.find() ? "unwanted " + id.group(1) : "unwanted log line ("
            + problem.substring("expected no log line matching ".length()).split(" ")[0] + ")");
      } else if (problem.startsWith("expected a log line matching")) {
        Matcher id = LEGACY_ID.matcher(problem);
        causes.add(id.find() ? "missing " + id.group(1) : "missing log line ("
            + problem.substring("expected a log line matching ".length()).split(" ")[0] + ")");
      } else if (problem.startsWith("expected status")) {
        causes.add(problem.replaceAll("; got .*", "") + " (got " + problem.replaceAll(".*; got ", "") + ")");
      } else {
        causes.add(problem.length() > 80 ? problem.substring(0, 80) + "..." : problem);
      }
    }
    return causes.isEmpty() ? List.of("(no detail)") : causes;
  }

  /**
   * Prints the failures (test id, what was expected, what happened, the log) and, as the very last line, the
   * summary. With {@code verbose}, every stage is listed.
   */
  public void print(PrintStream out, boolean verbose) {
    if (engineProblem != null) {
      out.println("ENGINE DID NOT LOAD: " + engineProblem);
    }
    for (String warning : warnings) {
      out.println("warning: " + warning);
    }
    for (StageResult r : results) {
      if (r.failed()) {
        out.println("FAIL " + r.id() + (r.knownFailure() ? " (known failure: " + r.reason() + ")" : "")
            + "  [" + r.file() + "]");
        for (String problem : r.problems()) {
          out.println("    " + problem);
        }
        out.println("    server: " + r.server());
        for (String note : r.notes()) {
          out.println("    note: " + note);
        }
        int shown = 0;
        for (String line : r.log()) {
          if (shown++ == 12) {
            out.println("    log: ... " + (r.log().size() - 12) + " more lines");
            break;
          }
          out.println("    log: " + StageChecker.abbreviate(line));
        }
      } else if (verbose && r.skipped()) {
        out.println("SKIP " + r.id() + ": " + r.reason());
      } else if (verbose) {
        out.println("PASS " + r.id() + (r.knownFailure() ? " (listed as a known failure!)" : "") + " ("
            + r.millis() + " ms)");
      }
    }
    for (StageResult r : knownFailuresNowPassing()) {
      out.println("KNOWN FAILURE NOW PASSES " + r.id() + ": remove it from the known failures of "
          + overrides.source());
    }
    if (failed() > 0) {
      out.println("failures by cause:");
      failureGroups().entrySet().stream().limit(verbose ? Long.MAX_VALUE : 25).forEach(e ->
          out.println(String.format("  %5d  %s", e.getValue().size(), e.getKey())));
    }
    out.println(String.format("crs directory %s; %d stages in %.1f s; %d known failures, %d unexpected failures; "
            + "pass rate %.2f%% of the stages run", crsDirectory, total(), elapsed.toMillis() / 1000.0,
        knownFailures().size(), unexpectedFailures().size(), passRate()));
    out.println(summaryLine());
  }
}
