package io.meshward.waf.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The time guarantee, tested the way an attacker would test it: the CRS patterns known to backtrack
 * catastrophically in a backtracking engine, against 64 KB inputs built to make them do so (long runs of what the
 * pattern loops on, repeated near-matches). Every evaluation must end well within a second; this bound is the
 * correctness property under test, kept generous against a loaded machine (measured worst cases are far lower and
 * are printed).
 */
class HostileInputTest {
  private static final int SIZE = 64 * 1024;
  private static final long BOUND_NANOS = 1_000_000_000L;

  /** Rule id -> inputs crafted against its pattern (besides the generic ones). */
  private static Map<String, List<String>> hostileInputs() {
    Map<String, List<String>> inputs = new LinkedHashMap<>();
    inputs.put("920190", List.of(repeat("1", SIZE), repeat("1", SIZE - 1) + "-", repeat("12-", SIZE / 3) + "x"));
    inputs.put("932240", List.of(repeat("a", SIZE), repeat("a'", SIZE / 2), repeat("a$", SIZE / 2), repeat("a-[", SIZE / 3)));
    inputs.put("932290", List.of(repeat("a", SIZE), repeat("'a", SIZE / 2), repeat("a'a", SIZE / 3)));
    inputs.put("932390", List.of(repeat("a", SIZE), "a(){" + repeat("x", SIZE), "a(){" + repeat("&", SIZE), repeat("a() {&", SIZE / 6)));
    inputs.put("933110", List.of(repeat(".php", SIZE / 4) + "x", repeat(".", SIZE) + "x", repeat(".ph", SIZE / 3) + "\nx"));
    inputs.put("933111", List.of(repeat(".php", SIZE / 4), repeat(".php.", SIZE / 5) + "\n", repeat(".ph", SIZE / 3)));
    inputs.put("944140", List.of(repeat(".jsp", SIZE / 4) + "x", repeat(".jspa", SIZE / 5), repeat(".", SIZE) + "x"));
    inputs.put("941340", List.of("='!" + repeat(".", SIZE), "=" + repeat("'!.", SIZE / 3), "=" + repeat("\"<a.", SIZE / 4)));
    inputs.put("942251", List.of("having" + repeat(" ", SIZE), "having" + repeat("!", SIZE) + "havin", repeat("!1 ", SIZE / 3) + "havin-having", repeat(" having", SIZE / 7)));
    inputs.put("941330", List.of("='!" + repeat("a", SIZE) + "name", "=" + repeat("'!location", SIZE / 10), "=" + repeat("\"inname", SIZE / 7)));
    inputs.put("942340", List.of("'" + repeat(" ", SIZE), repeat("and ", SIZE / 4), repeat("||", SIZE / 2), "in(" + repeat("(", SIZE), repeat("'1 ", SIZE / 3)));
    return inputs;
  }

  private static List<String> genericInputs() {
    List<String> generic = new ArrayList<>();
    for (String unit : List.of("a", " ", "'", "1", "a1-'\". \n", "\n")) {
      generic.add(repeat(unit, SIZE / unit.length()));
    }
    return generic;
  }

  @Test
  void theSlowCrsPatternsAnswerWithinTheBoundOnHostileInputs() throws RegexSyntaxException {
    List<String> report = new ArrayList<>();
    long worst = 0;
    String worstCase = "";
    for (Map.Entry<String, List<String>> entry : hostileInputs().entrySet()) {
      String ruleId = entry.getKey();
      String pattern = CrsCorpus.rxPattern("v4", ruleId);
      // With the literal prefilter (as deployed) and without it (the engines alone).
      List<SafeRegex> variants =
          List.of(SafeRegex.compile(pattern), SafeRegex.compileWithoutPrefilter(pattern, RegexBudget.DEFAULT));
      assertThat(variants.get(0).re2Unsupported()).as("rule %s has a linear-time fallback", ruleId).isNull();
      List<String> inputs = new ArrayList<>(entry.getValue());
      inputs.addAll(genericInputs());
      long ruleWorst = 0;
      for (String input : inputs) {
        for (int run = 0; run < 4; run++) {
          SafeRegex regex = variants.get(run / 2);
          int maxGroup = run % 2 == 0 ? -1 : 9;
          long start = System.nanoTime();
          SafeRegex.Match match = regex.match(input, maxGroup);
          long elapsed = System.nanoTime() - start;
          assertThat(match.outcome()).isNotEqualTo(SafeRegex.Outcome.UNDECIDED);
          assertThat(elapsed)
              .as("rule %s on %s (%s)", ruleId, describe(input), match.outcome())
              .isLessThan(BOUND_NANOS);
          ruleWorst = Math.max(ruleWorst, elapsed);
          if (elapsed > worst) {
            worst = elapsed;
            worstCase = ruleId + " on " + describe(input);
          }
        }
      }
      report.add(String.format("%s %.1f ms", ruleId, ruleWorst / 1e6));
    }
    System.out.println("Hostile inputs, worst evaluation per rule: " + report);
    System.out.printf("Hostile inputs, worst evaluation overall: %.1f ms (%s)%n", worst / 1e6, worstCase);
  }

  @Test
  void aStackOverflowInJavaRegexFallsBackToRe2() throws Exception {
    // java.util.regex recurses once per iteration of a group loop: 64 KB of them overflow a small stack.
    SafeRegex regex = SafeRegex.compile("^(?:a|b)*c");
    String input = repeat("ab", SIZE / 2) + "c";
    AtomicReference<SafeRegex.Match> result = new AtomicReference<>();
    Thread thread = new Thread(null, () -> result.set(regex.match(input, 0)), "small-stack", 256 * 1024);
    thread.start();
    thread.join();
    assertThat(result.get().outcome()).isEqualTo(SafeRegex.Outcome.MATCH);
    assertThat(result.get().groups().get(0)).hasSize(SIZE + 1);
    assertThat(result.get().decidedByFallback()).isTrue();
  }

  @Test
  void aPatternRe2CannotRunIsUndecidedWhenOverBudget() throws RegexSyntaxException {
    // A backreference: exponential for a backtracker, inexpressible in RE2. Never a wrong answer, never a hang.
    SafeRegex regex = SafeRegex.compile("^(a+)+\\1$");
    assertThat(regex.re2Unsupported()).contains("backreferences");
    long start = System.nanoTime();
    SafeRegex.Match match = regex.match(repeat("a", 40) + "!", 0);
    assertThat(System.nanoTime() - start).isLessThan(BOUND_NANOS);
    assertThat(match.outcome()).isEqualTo(SafeRegex.Outcome.UNDECIDED);
  }

  private static String repeat(String unit, int times) {
    return unit.repeat(times);
  }

  private static String describe(String input) {
    String head = input.length() > 24 ? input.substring(0, 24) + "..." : input;
    return "\"" + head.replace("\n", "\\n") + "\" (" + input.length() + " bytes)";
  }
}
