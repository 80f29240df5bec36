package io.meshward.waf.crstest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * go-ftw's verdict on a stage, from what the client saw and the WAF's log lines for the transaction:
 *
 * <ol>
 *   <li>{@code expect_error: true}: the stage passes exactly when the client got no parseable response, and
 *       nothing else is checked. Without it, a connection error fails the stage.</li>
 *   <li>{@code status}: the response status must be one of those listed.</li>
 *   <li>{@code response_contains}: a regular expression searched in the response as text (status line, headers,
 *       body).</li>
 *   <li>{@code log}: {@code match_regex} must be found in some line and {@code no_match_regex} in none (each line is
 *       searched on its own, as go-ftw does: {@code .} never crosses lines); every id of {@code expect_ids} must
 *       appear and none of {@code no_expect_ids}; {@code isolated} allows a single id. An id appears when a line
 *       holds {@code [id "N"]} (or JSON {@code "id": N}). The old format's {@code log_contains} /
 *       {@code no_log_contains} are regular expressions searched line by line.</li>
 * </ol>
 * go-ftw stops at the first failed check; this checker reports them all, with the same pass or fail.
 */
public final class StageChecker {
  private static final Pattern RULE_ID = Pattern.compile("\\[id \\\\?\"(\\d+)\\\\?\"\\]|\"id\":\\s*\"?(\\d+)\"?");

  private StageChecker() {}

  /** What is wrong with the outcome; empty when the stage passes. */
  public static List<String> check(StageOutput expected, StageOutcome outcome) {
    List<String> problems = new ArrayList<>();
    for (String note : outcome.notes()) {
      if (note.startsWith("ENGINE ERROR: ")) {
        problems.add("the engine failed: " + note.substring("ENGINE ERROR: ".length()));
      }
    }
    if (expected.expectsError()) {
      if (outcome.clientError() == null) {
        problems.add("expected a connection error; got " + outcome.clientView());
      }
      return problems;
    }
    if (outcome.clientError() != null) {
      problems.add("unexpected connection error: " + outcome.clientError());
      return problems;
    }
    int status = outcome.response().status();
    if (!expected.status().isEmpty() && !expected.status().contains(status)) {
      problems.add("expected status " + statusText(expected.status()) + "; got " + status);
    }
    if (expected.responseContains() != null && !expected.responseContains().isEmpty()) {
      Pattern p = compile(expected.responseContains(), "response_contains", problems);
      if (p != null && !p.matcher(outcome.response().wireText()).find()) {
        problems.add("expected the response to match /" + expected.responseContains() + "/; it does not");
      }
    }
    List<String> log = outcome.log();
    Set<Integer> ids = triggeredIds(log);
    regex(expected.matchRegex(), "match_regex", true, log, problems);
    regex(expected.logContains(), "log_contains", true, log, problems);
    List<Integer> missing = expected.expectIds().stream().filter(id -> !ids.contains(id)).toList();
    if (!missing.isEmpty()) {
      problems.add("expected ids " + expected.expectIds() + " in the log; missing " + missing + "; log ids: "
          + sorted(ids));
    }
    if (expected.isolated() && ids.size() != 1) {
      problems.add("expected exactly one rule id in the log (isolated); got " + sorted(ids));
    }
    regex(expected.noMatchRegex(), "no_match_regex", false, log, problems);
    regex(expected.noLogContains(), "no_log_contains", false, log, problems);
    List<Integer> unwanted = expected.noExpectIds().stream().filter(ids::contains).toList();
    if (!unwanted.isEmpty()) {
      problems.add("expected none of " + expected.noExpectIds() + " in the log; found " + unwanted);
    }
    return problems;
  }

  /** The rule ids a go-ftw reader finds in the log lines. */
  public static Set<Integer> triggeredIds(List<String> log) {
    Set<Integer> ids = new LinkedHashSet<>();
    for (String line : log) {
      Matcher m = RULE_ID.matcher(line);
      while (m.find()) {
        String id = m.group(1) != null ? m.group(1) : m.group(2);
        try {
          ids.add(Integer.parseInt(id));
        } catch (NumberFormatException e) {
          // an id too large for a rule id is no rule id
        }
      }
    }
    return ids;
  }

  private static void regex(String regex, String field, boolean mustMatch, List<String> log, List<String> problems) {
    if (regex == null || regex.isEmpty()) {
      return;
    }
    Pattern p = compile(regex, field, problems);
    if (p == null) {
      return;
    }
    List<String> hits = log.stream().filter(line -> p.matcher(line).find()).toList();
    if (mustMatch && hits.isEmpty()) {
      problems.add("expected a log line matching " + field + " /" + regex + "/; none does");
    } else if (!mustMatch && !hits.isEmpty()) {
      problems.add("expected no log line matching " + field + " /" + regex + "/; " + hits.size()
          + " do, first: " + abbreviate(hits.get(0)));
    }
  }

  /**
   * Compiles a go-ftw regular expression (Go's RE2 syntax) for Java: only LF ends a line, as in Go (Java would also
   * stop {@code .} at CR, NEL and the Unicode separators), and Go's {@code (?P<name>} groups are Java's
   * {@code (?<name>}.
   */
  static Pattern compileGo(String regex) {
    return Pattern.compile(regex.replace("(?P<", "(?<"), Pattern.UNIX_LINES);
  }

  private static Pattern compile(String regex, String field, List<String> problems) {
    try {
      return compileGo(regex);
    } catch (PatternSyntaxException e) {
      problems.add(field + " is not a valid regular expression: " + e.getDescription());
      return null;
    }
  }

  private static String statusText(List<Integer> statuses) {
    return statuses.size() == 1 ? String.valueOf(statuses.get(0))
        : "one of " + statuses.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  private static List<Integer> sorted(Set<Integer> ids) {
    return ids.stream().sorted().toList();
  }

  static String abbreviate(String line) {
    return line.length() <= 300 ? line : line.substring(0, 300) + "...";
  }
}
