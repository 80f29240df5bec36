package io.meshward.waf.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * CRS v3.3 was written for PCRE and uses constructs java.util.regex rejects (a literal {@code {}, an unescaped
 * {@code [} inside a class). Through {@link PatternTranslator} every v3.3 pattern must compile for java.util.regex;
 * RE2/J cannot take the few with lookaround or possessive quantifiers.
 */
class Crs33TranslationTest {

  @Test
  void everyV33PatternTranslatesForJavaAndAllButFiveForRe2() {
    List<CrsCorpus.RxPattern> patterns = CrsCorpus.rxPatterns(CrsCorpus.crs("v3.3").resolve("rules"));
    int rawJava = 0;
    int rawRe2 = 0;
    int translatedJava = 0;
    int translatedRe2 = 0;
    List<String> rawJavaFailures = new ArrayList<>();
    Map<String, String> re2Failures = new TreeMap<>();
    for (CrsCorpus.RxPattern p : patterns) {
      try {
        java.util.regex.Pattern.compile(p.pattern(), PatternTranslator.JAVA_FLAGS);
        rawJava++;
      } catch (java.util.regex.PatternSyntaxException e) {
        rawJavaFailures.add(p.ruleId() + ": " + e.getDescription());
      }
      try {
        com.google.re2j.Pattern.compile(p.pattern(), PatternTranslator.RE2_FLAGS);
        rawRe2++;
      } catch (com.google.re2j.PatternSyntaxException e) {
        // counted
      }
      SafeRegex regex;
      try {
        regex = SafeRegex.compile(p.pattern());
      } catch (RegexSyntaxException e) {
        throw new AssertionError("rule " + p.ruleId() + ": " + e.getMessage(), e);
      }
      translatedJava++;
      if (regex.re2Unsupported() == null) {
        translatedRe2++;
      } else {
        re2Failures.put(p.ruleId(), regex.re2Unsupported());
      }
    }
    System.out.printf(
        "CRS v3.3: %d @rx patterns; java.util.regex compiles %d as written, %d translated; RE2/J compiles %d as"
            + " written, %d translated%n",
        patterns.size(), rawJava, translatedJava, rawRe2, translatedRe2);
    rawJavaFailures.forEach(f -> System.out.println("  java.util.regex rejects as written: " + f));
    re2Failures.forEach((id, why) -> System.out.println("  no RE2/J translation for " + id + ": " + why));

    assertThat(patterns).hasSize(266);
    assertThat(translatedJava).isEqualTo(266);
    assertThat(re2Failures).containsOnlyKeys("920120", "920600", "942130", "942260", "953120");
  }

  @Test
  void javaAndRe2AgreeOnTheV33PatternsToo() {
    List<CrsCorpus.RxPattern> patterns = CrsCorpus.rxPatterns(CrsCorpus.crs("v3.3").resolve("rules"));
    List<String> inputs = CrsCorpus.regressionInputs();
    RegexBudget budget = RegexBudget.DEFAULT;
    List<String> disagreements = java.util.Collections.synchronizedList(new ArrayList<>());
    patterns.parallelStream().forEach(p -> {
      SafeRegex regex;
      try {
        regex = SafeRegex.compile(p.pattern());
      } catch (RegexSyntaxException e) {
        throw new AssertionError(e);
      }
      if (regex.re2Unsupported() != null) {
        return;
      }
      for (String input : inputs) {
        SafeRegex.Match java;
        try {
          java = regex.javaMatch(input, 0, budget.stepsFor(input.length()), budget.maxTime().toNanos());
        } catch (RuntimeException | StackOverflowError e) {
          continue;
        }
        SafeRegex.Match re2 = regex.re2Match(input, 0);
        if (java.outcome() != re2.outcome() || !java.groups().equals(re2.groups())) {
          disagreements.add(p.ruleId() + " on " + input.substring(0, Math.min(80, input.length())) + ": java "
              + java + ", re2 " + re2);
        }
        if (java.matched() && !regex.prefilterMayMatch(input)) {
          disagreements.add(p.ruleId() + " prefilter rejects a match on " + input);
        }
      }
    });
    assertThat(disagreements).isEmpty();
  }
}
