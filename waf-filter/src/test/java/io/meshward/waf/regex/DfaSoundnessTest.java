package io.meshward.waf.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The DFA prefilter is a security boundary: when it answers "no match", no regex engine runs, so it must never answer
 * that for an input on which the pattern matches. This is tested against SafeRegex without the DFA (java.util.regex
 * within its budget, else RE2/J; itself held to PCRE2 by {@code CrsRegexAgreementTest}) for every {@code @rx} pattern
 * of CRS v4 and v3.3, on:
 *
 * <ul>
 *   <li>every CRS v4 regression payload and its URL-decoded form, and the benign corpus;
 *   <li>strings generated from the pattern itself (random walks of its parsed form: they reach the deep states of
 *       large automata that no payload visits), and mutations of them;
 *   <li>random byte strings over the pattern's own bytes, and mutations of the payloads the pattern matches.
 * </ul>
 *
 * Each pattern's automaton is checked as deployed, with tiny limits (a few dozen states, a handful of transitions
 * built per scan: lazy building, "unknown" answers and resets all the time), and prebuilt (frozen, with dead states
 * pruned and skip states, wherever the construction completes). And where an automaton is exact (nothing widened),
 * its "match" must be a match: SafeRegex relies on that to skip the regex engines when no capture is asked for.
 */
class DfaSoundnessTest {
  private static final Map<String, ByteDfa.Limits> CONFIGURATIONS = configurations();
  private static final int SAMPLES = 150;
  private static final int RANDOM = 100;
  private static final int MUTATED_MATCHES = 30;

  private static Map<String, ByteDfa.Limits> configurations() {
    Map<String, ByteDfa.Limits> configurations = new LinkedHashMap<>();
    configurations.put("as deployed", ByteDfa.Limits.DEFAULT);
    configurations.put("tiny", new ByteDfa.Limits(100_000, 20_000, 4, 1_000, 48, 1 << 17, 6));
    configurations.put("prebuilt", new ByteDfa.Limits(100_000, 20_000, 2_048, 2_000_000, 4_096, 1 << 17, 64));
    return configurations;
  }

  @Test
  void neverRejectsAnInputACrsV4PatternMatches() {
    assertSound("v4", 318);
  }

  @Test
  void neverRejectsAnInputACrsV33PatternMatches() {
    assertSound("v3.3", 266);
  }

  private static void assertSound(String version, int expectedPatterns) {
    List<CrsCorpus.RxPattern> patterns = CrsCorpus.rxPatterns(CrsCorpus.crs(version).resolve("rules"));
    assertThat(patterns).hasSize(expectedPatterns);
    Set<String> shared = new LinkedHashSet<>(CrsRegexAgreementTest.corpus());
    shared.addAll(BenignCorpus.strings(400));
    List<String> sharedInputs = List.copyOf(shared);

    List<String> names = List.copyOf(CONFIGURATIONS.keySet());
    // Per configuration: scans, "no match", "match", "unknown".
    AtomicLongArray verdicts = new AtomicLongArray(names.size() * 4);
    AtomicLongArray totals = new AtomicLongArray(3); // inputs, matches, undecided
    List<String> falseNegatives = Collections.synchronizedList(new ArrayList<>());
    List<String> exactFalsePositives = Collections.synchronizedList(new ArrayList<>());
    List<String> missing = Collections.synchronizedList(new ArrayList<>());

    IntStream.range(0, patterns.size()).parallel().forEach(index -> {
      CrsCorpus.RxPattern p = patterns.get(index);
      RegexNode root;
      SafeRegex truth;
      try {
        root = PcreParser.parse(p.pattern()).root();
        truth = SafeRegex.compileWithoutDfa(p.pattern(), RegexBudget.DEFAULT);
      } catch (RegexSyntaxException e) {
        throw new AssertionError(e);
      }
      List<ByteDfa> dfas = new ArrayList<>();
      for (String name : names) {
        ByteDfa dfa = ByteDfa.build(root, CONFIGURATIONS.get(name));
        if (dfa == null) {
          missing.add(name + " " + p.ruleId());
        }
        dfas.add(dfa);
      }
      Random random = new Random(31L * index + version.hashCode());
      List<Character> alphabet = RegexSampler.alphabet(root);
      List<String> matched = new ArrayList<>();
      List<String> inputs = new ArrayList<>(sharedInputs);
      for (int i = 0; i < SAMPLES; i++) {
        String sample = RegexSampler.sample(root, random);
        inputs.add(sample);
        inputs.add(RegexSampler.mutate(sample, alphabet, random));
      }
      for (int i = 0; i < RANDOM; i++) {
        inputs.add(RegexSampler.random(alphabet, random));
      }
      for (int i = 0; i < inputs.size(); i++) {
        String input = inputs.get(i);
        SafeRegex.Outcome outcome = truth.match(input, -1).outcome();
        totals.incrementAndGet(0);
        if (outcome == SafeRegex.Outcome.UNDECIDED) {
          totals.incrementAndGet(2);
          continue;
        }
        boolean matches = outcome == SafeRegex.Outcome.MATCH;
        if (matches) {
          totals.incrementAndGet(1);
          if (i < sharedInputs.size() && matched.size() < MUTATED_MATCHES) {
            matched.add(input);
          }
        }
        for (int d = 0; d < dfas.size(); d++) {
          ByteDfa dfa = dfas.get(d);
          if (dfa == null) {
            continue;
          }
          int verdict = dfa.scan(input);
          verdicts.incrementAndGet(d * 4);
          verdicts.incrementAndGet(d * 4 + 1 + verdict);
          if (matches && verdict == ByteDfa.NO_MATCH) {
            falseNegatives.add(names.get(d) + ": rule " + p.ruleId() + " matches " + abbreviate(input));
          } else if (!matches && verdict == ByteDfa.MATCH && dfa.exact()) {
            exactFalsePositives.add(names.get(d) + ": rule " + p.ruleId() + " does not match " + abbreviate(input));
          }
        }
        if (i == sharedInputs.size() - 1) {
          // The shared inputs are done: add mutations of the payloads this pattern matches.
          for (String m : matched) {
            for (int k = 0; k < 5; k++) {
              inputs.add(RegexSampler.mutate(m, alphabet, random));
            }
          }
        }
      }
    });

    System.out.printf("DFA soundness, CRS %s: %d patterns, %d evaluations (%d matches, %d undecided and skipped)%n",
        version, patterns.size(), totals.get(0), totals.get(1), totals.get(2));
    for (int d = 0; d < names.size(); d++) {
      System.out.printf("  %-12s %,d scans: no match %,d, match %,d, unknown %,d%n", names.get(d),
          verdicts.get(d * 4), verdicts.get(d * 4 + 1), verdicts.get(d * 4 + 2), verdicts.get(d * 4 + 3));
    }
    System.out.printf("  false negatives %d, false matches of exact automata %d%n", falseNegatives.size(),
        exactFalsePositives.size());
    falseNegatives.stream().limit(20).forEach(f -> System.out.println("  FALSE NEGATIVE " + f));
    exactFalsePositives.stream().limit(20).forEach(f -> System.out.println("  EXACT FALSE MATCH " + f));

    assertThat(missing).as("patterns without an automaton").isEmpty();
    assertThat(totals.get(1)).as("matches among the evaluations").isGreaterThan(10_000);
    assertThat(falseNegatives).as("inputs the pattern matches but the DFA rejects").isEmpty();
    assertThat(exactFalsePositives).as("inputs an exact DFA accepts but the pattern does not match").isEmpty();
  }

  private static String abbreviate(String s) {
    String shown = s.length() > 100 ? s.substring(0, 100) + "...(" + s.length() + " bytes)" : s;
    return "\"" + shown.replace("\n", "\\n").replace("\r", "\\r") + "\"";
  }
}
