package io.meshward.waf.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two engines behind {@link SafeRegex} must mean the same thing: for every {@code @rx} pattern of CRS v4 and
 * every payload of its regression tests (plus their URL-decoded forms), java.util.regex (within its step budget) and
 * RE2/J (with SafeRegex's correction for {@code ^} at the end) must agree on match / no match and on the match
 * itself (group 0); and the literal prefilter must let every matching payload through. Evaluations where java.util.regex exceeds its budget have only one answer, RE2/J's, and are
 * counted, not compared.
 *
 * <p>And the answers must be PCRE2's: {@code pcre2-crs-v4.tsv} holds, per pattern, a digest of every match real
 * PCRE2 10.42 finds in this corpus (compiled as libmodsecurity does; see {@code src/test/resources/regex/pcre2-golden.c}), which SafeRegex's
 * answers (java.util.regex within budget, else RE2/J) must reproduce exactly.
 */
class CrsRegexAgreementTest {
  private static List<CrsCorpus.RxPattern> patterns;
  private static List<String> inputs;

  @BeforeAll
  static void load() {
    patterns = CrsCorpus.rxPatterns(CrsCorpus.crs("v4").resolve("rules"));
    inputs = corpus();
  }

  /** The regression payloads and, after them, the URL-decoded forms of those with a '%' or '+'. */
  static List<String> corpus() {
    Set<String> all = new LinkedHashSet<>(CrsCorpus.regressionInputs());
    for (String input : List.copyOf(all)) {
      if (input.indexOf('%') >= 0 || input.indexOf('+') >= 0) {
        all.add(CrsCorpus.urlDecode(input));
      }
    }
    return List.copyOf(all);
  }

  @Test
  void extractsEveryRxOfTheV4Rules() {
    assertThat(patterns).hasSize(318);
    assertThat(inputs).hasSizeGreaterThan(4000);
  }

  @Test
  void everyV4PatternCompilesForBothEngines() throws RegexSyntaxException {
    for (CrsCorpus.RxPattern p : patterns) {
      SafeRegex regex = SafeRegex.compile(p.pattern());
      assertThat(regex.re2Unsupported()).as("rule %s", p.ruleId()).isNull();
    }
  }

  @Test
  void javaAndRe2AgreeOnEveryPatternAndPayload() {
    List<String> disagreements = Collections.synchronizedList(new ArrayList<>());
    List<String> groupDifferences = Collections.synchronizedList(new ArrayList<>());
    AtomicLong compared = new AtomicLong();
    AtomicLong budgetExceeded = new AtomicLong();
    AtomicLong matches = new AtomicLong();
    Map<Integer, String> digests = new ConcurrentHashMap<>();
    RegexBudget budget = RegexBudget.DEFAULT;
    long nanos = budget.maxTime().toNanos();
    java.util.stream.IntStream.range(0, patterns.size()).parallel().forEach(index -> {
      CrsCorpus.RxPattern p = patterns.get(index);
      Digest digest = new Digest();
      SafeRegex regex;
      try {
        regex = SafeRegex.compile(p.pattern());
      } catch (RegexSyntaxException e) {
        throw new AssertionError(e);
      }
      for (int i = 0; i < inputs.size(); i++) {
        String input = inputs.get(i);
        SafeRegex.Match java;
        try {
          java = regex.javaMatch(input, 9, budget.stepsFor(input.length()), nanos);
        } catch (RuntimeException | StackOverflowError e) {
          budgetExceeded.incrementAndGet();
          SafeRegex.Match re2 = regex.re2Match(input, 0);
          assertThat(re2.outcome()).isNotEqualTo(SafeRegex.Outcome.UNDECIDED);
          digest.add(i, re2);
          continue;
        }
        digest.add(i, java);
        SafeRegex.Match re2 = regex.re2Match(input, 9);
        compared.incrementAndGet();
        if (java.matched()) {
          matches.incrementAndGet();
          if (!regex.prefilterMayMatch(input)) {
            disagreements.add("prefilter rejects a match: " + describe(p, input, java, java));
          }
        }
        boolean sameOutcome = java.outcome() == re2.outcome();
        boolean sameMatch = !java.matched() || java.groups().get(0).equals(re2.groups().get(0));
        if (!sameOutcome || !sameMatch) {
          disagreements.add(describe(p, input, java, re2));
        } else if (!java.groups().equals(re2.groups())) {
          groupDifferences.add(describe(p, input, java, re2));
        }
      }
      digests.put(index, digest.line(index, p.ruleId()));
    });
    System.out.printf(
        "CRS v4 regex agreement: %d patterns x %d payloads: %d compared (%d matches), %d decided by RE2/J alone "
            + "(java.util.regex over budget), %d disagreements, %d capture-group differences%n",
        patterns.size(), inputs.size(), compared.get(), matches.get(), budgetExceeded.get(), disagreements.size(),
        groupDifferences.size());
    groupDifferences.stream().limit(20).forEach(d -> System.out.println("  group difference: " + d));
    assertThat(disagreements).isEmpty();

    List<String> expected = pcreReference();
    List<String> actual = new ArrayList<>();
    for (int i = 0; i < patterns.size(); i++) {
      actual.add(digests.get(i));
    }
    assertThat(actual).as("match digests vs PCRE2 (index, rule, matches, digest)").isEqualTo(expected);
  }

  private static List<String> pcreReference() {
    String name = "/regex/pcre2-crs-v4.tsv";
    try (var in = CrsRegexAgreementTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the test resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines()
          .filter(line -> !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The digest of one pattern's matches over the corpus, as written in pcre2-crs-v4.tsv. */
  private static final class Digest {
    private final MessageDigest sha;
    private int matches;

    Digest() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    void add(int inputIndex, SafeRegex.Match match) {
      if (match.matched()) {
        matches++;
        sha.update((inputIndex + "\t" + match.groups().get(0) + "\n").getBytes(StandardCharsets.ISO_8859_1));
      }
    }

    String line(int index, String ruleId) {
      return index + "\t" + ruleId + "\t" + matches + "\t" + HexFormat.of().formatHex(sha.digest());
    }
  }

  private static String describe(CrsCorpus.RxPattern p, String input, SafeRegex.Match java, SafeRegex.Match re2) {
    return "rule " + p.ruleId() + " input " + abbreviate(input) + ": java " + java.outcome() + " " + java.groups()
        + ", re2 " + re2.outcome() + " " + re2.groups();
  }

  private static String abbreviate(String s) {
    String shown = s.length() > 120 ? s.substring(0, 120) + "...(" + s.length() + " bytes)" : s;
    return "\"" + shown.replace("\n", "\\n").replace("\r", "\\r") + "\"";
  }
}
