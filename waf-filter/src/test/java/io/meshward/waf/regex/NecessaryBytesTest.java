package io.meshward.waf.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Screens rule a value out without running any automaton when it holds none of a pattern's necessary bytes, so the
 * set must be sound: no input a pattern matches lacks all of them.
 */
class NecessaryBytesTest {

  private static String bytes(String pattern) throws RegexSyntaxException {
    long[] words = NecessaryBytes.of(SafeRegex.compile(pattern));
    if (words == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (int b = 0; b < 256; b++) {
      if ((words[b >>> 6] & (1L << (b & 63))) != 0) {
        out.append((char) b);
      }
    }
    return out.toString();
  }

  @Test
  void aLiteralNeedsItsRarestByte() throws Exception {
    assertThat(bytes("<script")).isEqualTo("<");
    assertThat(bytes("(?:^|[/;\\x5c])\\.{2,3}[/;\\x5c]")).as("'.' is rarer than / ; \\ together").isEqualTo(".");
    assertThat(bytes("(?i)on[a-z]+=")).isEqualTo("=");
  }

  @Test
  void caselessLettersNeedEitherCase() throws Exception {
    assertThat(bytes("(?i)x")).isEqualTo("Xx");
  }

  @Test
  void anAlternationNeedsABytesFromEveryBranch() throws Exception {
    assertThat(bytes("<|\\(")).isEqualTo("(<");
    assertThat(bytes("<|a?")).as("a branch that can match nothing").isNull();
  }

  @Test
  void partsThatCanMatchNothingSupplyNothing() throws Exception {
    assertThat(bytes("a*")).isNull();
    assertThat(bytes("\\b")).isNull();
    assertThat(bytes("^$")).isNull();
    assertThat(bytes("(?=<)")).isNull();
    assertThat(bytes("(a?)\\1")).isNull();
    assertThat(bytes("a?<")).isEqualTo("<");
    assertThat(bytes("(?:<){2,}")).isEqualTo("<");
  }

  @Test
  void rareMeansNoLetterDigitOrSpace() throws Exception {
    assertThat(NecessaryBytes.isRare(NecessaryBytes.of(SafeRegex.compile("<script")))).isTrue();
    assertThat(NecessaryBytes.isRare(NecessaryBytes.of(SafeRegex.compile("(?i)select")))).isFalse();
  }

  @Test
  void everyInputThatACrsPatternMatchesHoldsOneOfItsBytes() throws Exception {
    List<CrsCorpus.RxPattern> patterns = CrsCorpus.rxPatterns(CrsCorpus.crs("v4").resolve("rules"));
    Set<String> shared = new LinkedHashSet<>(CrsRegexAgreementTest.corpus());
    shared.addAll(BenignCorpus.strings(200));
    List<String> failures = new ArrayList<>();
    int withSet = 0;
    long matches = 0;
    for (int index = 0; index < patterns.size(); index++) {
      CrsCorpus.RxPattern p = patterns.get(index);
      SafeRegex regex = SafeRegex.compile(p.pattern());
      long[] needed = NecessaryBytes.of(regex);
      if (needed == null) {
        continue;
      }
      withSet++;
      RegexNode root = PcreParser.parse(p.pattern()).root();
      Random random = new Random(17L * index);
      List<String> inputs = new ArrayList<>(shared);
      for (int i = 0; i < 60; i++) {
        inputs.add(RegexSampler.sample(root, random));
      }
      for (String input : inputs) {
        if (regex.find(input) != SafeRegex.Outcome.MATCH) {
          continue;
        }
        matches++;
        if (!holdsAny(input, needed)) {
          failures.add(p.ruleId() + " matches " + input);
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(withSet).as("most CRS patterns need some byte").isGreaterThan(250);
    assertThat(matches).as("the inputs exercise the patterns").isGreaterThan(10_000);
  }

  private static boolean holdsAny(String input, long[] words) {
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c > 0xFF || (words[c >>> 6] & (1L << (c & 63))) != 0) {
        return true;
      }
    }
    return false;
  }
}
