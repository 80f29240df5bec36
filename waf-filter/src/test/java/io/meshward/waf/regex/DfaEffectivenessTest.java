package io.meshward.waf.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How much the DFA prefilter does, reported rather than asserted: for every CRS v4 {@code @rx} pattern, whether an
 * automaton was built, its size (states built at load time, and after the benign corpus for the lazily built ones),
 * and how often it rejects benign strings (header values, cookies, paths and queries, form fields, JSON values),
 * next to the literal prefilter it replaces. The only assertion: every v4 pattern gets an automaton.
 */
class DfaEffectivenessTest {
  private static final List<String> SLOW = List.of("932250", "932260", "932230", "932235", "920120");

  @Test
  void reportsAutomatonSizesAndBenignRejectionRates() throws RegexSyntaxException {
    List<CrsCorpus.RxPattern> patterns = CrsCorpus.rxPatterns(CrsCorpus.crs("v4").resolve("rules"));
    Set<String> paranoiaLevel1 = new HashSet<>();
    CrsCorpus.paranoiaLevel1Patterns("v4").forEach(p -> paranoiaLevel1.add(p.pattern()));
    List<String> benign = BenignCorpus.strings(400);

    int built = 0;
    int complete = 0;
    int exact = 0;
    List<Integer> completeStates = new ArrayList<>();
    List<Integer> lazyPrebuilt = new ArrayList<>();
    List<Integer> lazyAfter = new ArrayList<>();
    long tableBytes = 0;
    // [all, PL1] x [evaluations, DFA rejects, DFA accepts and the pattern matches, DFA accepts wrongly, unknown,
    //               literal prefilter rejects]
    long[][] counts = new long[2][6];
    List<String> slow = new ArrayList<>();
    for (CrsCorpus.RxPattern p : patterns) {
      SafeRegex regex = SafeRegex.compile(p.pattern());
      SafeRegex literal = SafeRegex.compileWithoutDfa(p.pattern(), RegexBudget.DEFAULT);
      ByteDfa dfa = regex.dfa();
      if (dfa == null) {
        continue;
      }
      built++;
      exact += dfa.exact() ? 1 : 0;
      if (dfa.complete()) {
        complete++;
        completeStates.add(dfa.stateCount());
      } else {
        lazyPrebuilt.add(dfa.prebuiltStateCount());
      }
      int[] verdicts = new int[3];
      for (String input : benign) {
        int verdict = dfa.scan(input);
        boolean matches = literal.find(input) == SafeRegex.Outcome.MATCH;
        verdicts[verdict]++;
        for (int scope = 0; scope < 2; scope++) {
          if (scope == 1 && !paranoiaLevel1.contains(p.pattern())) {
            continue;
          }
          long[] c = counts[scope];
          c[0]++;
          c[verdict == ByteDfa.NO_MATCH ? 1 : verdict == ByteDfa.UNKNOWN ? 4 : matches ? 2 : 3]++;
          c[5] += literal.prefilterMayMatch(input) ? 0 : 1;
        }
      }
      if (!dfa.complete()) {
        lazyAfter.add(dfa.stateCount());
      }
      tableBytes += dfa.tableBytes();
      if (SLOW.contains(p.ruleId())) {
        slow.add(String.format("%s: %s, %d states, rejects %d/%d benign strings", p.ruleId(),
            dfa.complete() ? "complete" : "lazy", dfa.stateCount(), verdicts[ByteDfa.NO_MATCH], benign.size()));
      }
    }

    System.out.printf("DFA prefilter, CRS v4: an automaton for %d of %d patterns (%d exact, nothing widened)%n",
        built, patterns.size(), exact);
    System.out.printf("  complete at load time: %d patterns, states %s%n", complete, summary(completeStates));
    System.out.printf("  built lazily: %d patterns, states at load %s, after %d benign strings %s%n",
        lazyPrebuilt.size(), summary(lazyPrebuilt), benign.size(), summary(lazyAfter));
    System.out.printf("  transition tables: %.1f MB%n", tableBytes / 1e6);
    String[] scopes = {"all patterns", "PL1 patterns"};
    for (int scope = 0; scope < 2; scope++) {
      long[] c = counts[scope];
      System.out.printf("  %s, benign strings: DFA rejects %.1f%% (literal prefilter %.1f%%); accepts %.1f%% "
              + "(%.1f%% real matches, %.2f%% not); unknown %.3f%%%n",
          scopes[scope], pct(c[1], c[0]), pct(c[5], c[0]), pct(c[2] + c[3], c[0]), pct(c[2], c[0]),
          pct(c[3], c[0]), pct(c[4], c[0]));
    }
    slow.forEach(s -> System.out.println("  " + s));

    assertThat(built).isEqualTo(patterns.size());
  }

  private static double pct(long part, long whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }

  private static String summary(List<Integer> values) {
    if (values.isEmpty()) {
      return "-";
    }
    int[] sorted = values.stream().mapToInt(Integer::intValue).sorted().toArray();
    return String.format("min %d, median %d, p90 %d, max %d, total %d", sorted[0], sorted[sorted.length / 2],
        sorted[(int) (sorted.length * 0.9)], sorted[sorted.length - 1], Arrays.stream(sorted).sum());
  }
}
