package io.meshward.waf.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SafeRegexTest {

  @Test
  void aPatternThatTakesTheWholeInputAgreesWithTheFullEngine() throws RegexSyntaxException {
    List<String> inputs = List.of("", "a", "host", "User-Agent", "a\nb", "a\n", "\n", "x\r\ny\n", "\u0000z\u00ff",
        "two\n\nlines");
    for (String pattern : List.of("^.*$", "^.+$", "\\A.*\\z", "^.*\\Z", "(?s)^.*$", "(?-s)^.*$", "(?m)^.*$",
        "^.*?$", "^.*$x")) {
      SafeRegex regex = SafeRegex.compile(pattern);
      for (String input : inputs) {
        java.util.regex.Matcher reference = regex.unbudgetedMatcher(input);
        boolean found = reference.find();
        SafeRegex.Match match = regex.match(input, 9);
        assertThat(match.matched()).as("%s on %s", pattern, input).isEqualTo(found);
        if (found) {
          assertThat(match.groups()).as("%s on %s", pattern, input).containsExactly(reference.group());
        }
      }
    }
  }

  @Test
  void overBudgetEvaluationsAreDecidedByRe2WithTheSameAnswer() throws RegexSyntaxException {
    RegexBudget none = new RegexBudget(0, 0, 0, Duration.ZERO);
    String pattern = "(?i)union\\s+(all\\s+)?select\\s+(\\w+)";
    SafeRegex starved = SafeRegex.compile(pattern, none);
    SafeRegex normal = SafeRegex.compile(pattern);
    for (String input : List.of("1 UNION ALL SELECT pwd", "union select x", "no match here", "", "union\nselect\ty")) {
      SafeRegex.Match a = starved.match(input, 9);
      SafeRegex.Match b = normal.match(input, 9);
      assertThat(a.outcome()).isEqualTo(b.outcome());
      assertThat(a.groups()).isEqualTo(b.groups());
      if (a.matched()) {
        assertThat(a.decidedByFallback()).isTrue();
        assertThat(b.decidedByFallback()).isFalse();
      }
    }
  }

  @Test
  void theFallbackKeepsPcresCaretAtTheEndOfTheInput() throws RegexSyntaxException {
    RegexBudget none = new RegexBudget(0, 0, 0, Duration.ZERO);
    // RE2's ^ matches after a final newline, PCRE's does not.
    SafeRegex emptyLine = SafeRegex.compile("^$", none);
    assertThat(emptyLine.match("abc\n", 0).outcome()).isEqualTo(SafeRegex.Outcome.NO_MATCH);
    assertThat(emptyLine.match("abc\n\nx", 0).outcome()).isEqualTo(SafeRegex.Outcome.MATCH);
    assertThat(emptyLine.match("", 0).outcome()).isEqualTo(SafeRegex.Outcome.MATCH);
    SafeRegex either = SafeRegex.compile("^$|\\z", none);
    assertThat(either.match("abc\n", 0).outcome()).isEqualTo(SafeRegex.Outcome.MATCH);
    // A ^ that is not at the start of the match cannot be corrected: undecided rather than wrong.
    SafeRegex inner = SafeRegex.compileWithoutPrefilter("c\\n^x*$", none);
    assertThat(inner.match("abc\n", 0).outcome()).isEqualTo(SafeRegex.Outcome.UNDECIDED);
    assertThat(SafeRegex.compile("c\\n^x*$").match("abc\n", 0).outcome()).isEqualTo(SafeRegex.Outcome.NO_MATCH);
    // The DFA, whose ^ is PCRE's, decides it before any engine runs.
    assertThat(SafeRegex.compile("c\\n^x*$", none).match("abc\n", 0).outcome()).isEqualTo(SafeRegex.Outcome.NO_MATCH);
  }

  @Test
  void patternsAnchoredAtLineStartsAreTriedOnlyThere() throws RegexSyntaxException {
    SafeRegex header = SafeRegex.compile("^(?:GET|POST) /");
    assertThat(header.match("x\nPOST /a", 0).groups()).containsExactly("POST /");
    assertThat(header.find("xGET /")).isEqualTo(SafeRegex.Outcome.NO_MATCH);
    assertThat(header.find("\nGET /")).isEqualTo(SafeRegex.Outcome.MATCH);
    SafeRegex lookbehind = SafeRegex.compile("^(?<=\\n)b");
    assertThat(lookbehind.find("a\nb")).isEqualTo(SafeRegex.Outcome.MATCH);
    SafeRegex start = SafeRegex.compile("\\Aab|\\Acd");
    assertThat(start.find("cd")).isEqualTo(SafeRegex.Outcome.MATCH);
    assertThat(start.find("xcd")).isEqualTo(SafeRegex.Outcome.NO_MATCH);
  }

  @Test
  void theLiteralPrefilterNeverHidesAMatch() throws RegexSyntaxException {
    String[][] cases = {
      {"(?i)s(?:elect|leep)\\s*\\(", "SLEEP (1)"},
      {"(?:a|b)c{2}", "xbcc"},
      {"x(?:yz)?w", "xw"},
      {"[aeiou]{2}q", "eaq"},
      {"(?i)\\x{c3}\\x{a9}t\\x{c3}\\x{a9}", "\u00c3\u00a9T\u00c3\u00a9"},
      {"(a)\\1b", "aab"},
      {"on(?:load|error)=", "x onerror="},
      {"(?:ab|cd)(?:ef|gh)(?:ij|kl)", "cdghij"},
    };
    for (String[] c : cases) {
      SafeRegex regex = SafeRegex.compile(c[0]);
      assertThat(regex.find(c[1])).as(c[0]).isEqualTo(SafeRegex.Outcome.MATCH);
    }
    SafeRegex keyword = SafeRegex.compile("(?i)s(?:elect|leep)\\s*\\(");
    assertThat(keyword.prefilterMayMatch("nothing to see")).isFalse();
    assertThat(keyword.prefilterMayMatch("SELECT (")).isTrue();
    assertThat(keyword.prefilterMayMatch("select")).isFalse(); // no "("
    assertThat(SafeRegex.compile("abcdef").prefilterMayMatch("abc")).isFalse(); // too short
  }

  @Test
  void oneInstanceServesManyThreads() throws Exception {
    SafeRegex regex = SafeRegex.compile("(\\d+)-(\\d+)");
    AtomicInteger wrong = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 5000; i++) {
          String a = String.valueOf(id * 100000 + i);
          SafeRegex.Match m = regex.match("bytes=" + a + "-" + i, 2);
          if (!m.groups().equals(List.of(a + "-" + i, a, String.valueOf(i)))) {
            wrong.incrementAndGet();
          }
          if (regex.find("no digits") != SafeRegex.Outcome.NO_MATCH) {
            wrong.incrementAndGet();
          }
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(wrong.get()).isZero();
  }

  @Test
  void exposesBothTranslations() throws RegexSyntaxException {
    SafeRegex regex = SafeRegex.compile("(?i)\\bselect\\s");
    assertThat(regex.javaPattern()).doesNotContain("\\b");
    assertThat(regex.re2Pattern()).contains("\\b");
    assertThat(regex.groupCount()).isZero();
    assertThat(regex.pattern()).isEqualTo("(?i)\\bselect\\s");
  }
}
