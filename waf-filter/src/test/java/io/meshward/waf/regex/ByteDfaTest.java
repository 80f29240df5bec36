package io.meshward.waf.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link ByteDfa}: a deterministic automaton over bytes that accepts a superset of the inputs a pattern matches
 * somewhere (exactly those when nothing had to be widened), built at compile time and, for large patterns, lazily.
 */
class ByteDfaTest {
  private static final ByteDfa.Limits TINY = new ByteDfa.Limits(100_000, 20_000, 2, 100, 24, 1 << 17, 4);

  private static ByteDfa dfa(String pattern) throws RegexSyntaxException {
    return ByteDfa.build(PcreParser.parse(pattern).root(), ByteDfa.Limits.DEFAULT);
  }

  private static String verdict(ByteDfa dfa, String input) {
    return switch (dfa.scan(input)) {
      case ByteDfa.NO_MATCH -> "no match";
      case ByteDfa.MATCH -> "match";
      default -> "unknown";
    };
  }

  @Test
  void findsThePatternAnywhereAndStopsAtTheFirstMatch() throws RegexSyntaxException {
    ByteDfa select = dfa("(?i)union\\s+select");
    assertThat(verdict(select, "1 UNION  SeLeCt x")).isEqualTo("match");
    assertThat(verdict(select, "union selec")).isEqualTo("no match");
    assertThat(verdict(select, "")).isEqualTo("no match");
    assertThat(select.exact()).isTrue();
    assertThat(select.complete()).isTrue();
    assertThat(verdict(dfa(""), "")).isEqualTo("match");
    assertThat(verdict(dfa("x*"), "abc")).isEqualTo("match");
  }

  @Test
  void matchesBytesAndAnswersUnknownForCharsAboveFf() throws RegexSyntaxException {
    ByteDfa utf8 = dfa("caf\\x{c3}\\x{a9}");
    assertThat(verdict(utf8, "un caf\u00c3\u00a9")).isEqualTo("match");
    assertThat(verdict(utf8, "un caf\u00e9")).isEqualTo("no match");
    assertThat(verdict(utf8, "un caf\u0100")).isEqualTo("unknown");
    assertThat(verdict(dfa("(?i)\u00e9"), "\u00c9")).as("caseless is ASCII-only").isEqualTo("no match");
  }

  @Test
  void anchorsAreExactPcreMultilineAnchors() throws RegexSyntaxException {
    ByteDfa line = dfa("^GET /$");
    assertThat(verdict(line, "GET /")).isEqualTo("match");
    assertThat(verdict(line, "x\nGET /\ny")).isEqualTo("match");
    assertThat(verdict(line, "xGET /")).isEqualTo("no match");
    assertThat(verdict(line, "GET /x")).isEqualTo("no match");
    assertThat(verdict(dfa("^$"), "abc\n")).as("no ^ after a final newline").isEqualTo("no match");
    assertThat(verdict(dfa("^$"), "abc\n\nx")).isEqualTo("match");
    assertThat(verdict(dfa("^$"), "")).isEqualTo("match");
    ByteDfa start = dfa("\\Aab|\\Acd");
    assertThat(verdict(start, "cdx")).isEqualTo("match");
    assertThat(verdict(start, "x\ncd")).isEqualTo("no match");
    assertThat(verdict(dfa("x\\z"), "x\n")).isEqualTo("no match");
    assertThat(verdict(dfa("x$"), "x\n")).isEqualTo("match");
  }

  @Test
  void wordBoundariesAreExactWithAsciiWordCharacters() throws RegexSyntaxException {
    ByteDfa word = dfa("\\bcat\\b");
    assertThat(verdict(word, "a cat.")).isEqualTo("match");
    assertThat(verdict(word, "cat")).isEqualTo("match");
    assertThat(verdict(word, "concat")).isEqualTo("no match");
    assertThat(verdict(word, "cats")).isEqualTo("no match");
    assertThat(verdict(word, "\u00e9cat\u00e9")).as("Latin-1 letters are not word characters").isEqualTo("match");
    assertThat(verdict(dfa("a\\Bb"), "ab")).isEqualTo("match");
    assertThat(verdict(dfa("a\\Bb"), "a b")).isEqualTo("no match");
    assertThat(word.exact()).isTrue();
  }

  @Test
  void whatAnAutomatonCannotExpressIsWidenedNeverNarrowed() throws RegexSyntaxException {
    // Lookaround, positive and negative, is dropped.
    ByteDfa lookahead = dfa("a(?!b)");
    assertThat(verdict(lookahead, "ab")).isEqualTo("match");
    assertThat(verdict(lookahead, "xyz")).isEqualTo("no match");
    assertThat(lookahead.exact()).isFalse();
    assertThat(verdict(dfa("(?<=x)a"), "ya")).isEqualTo("match");
    // A back reference stands for any string.
    ByteDfa backReference = dfa("(a+)b\\1c");
    assertThat(verdict(backReference, "aabxyzc")).isEqualTo("match");
    assertThat(verdict(backReference, "aac")).isEqualTo("no match");
    assertThat(backReference.exact()).isFalse();
    // Atomic groups and possessive quantifiers become plain ones.
    assertThat(verdict(dfa("(?>a+)a"), "aa")).isEqualTo("match");
    assertThat(verdict(dfa("a++a"), "aa")).isEqualTo("match");
    assertThat(dfa("a++a").exact()).isFalse();
    // \Z: at the end or before any newline; \G: anywhere.
    assertThat(verdict(dfa("a\\Z"), "a\nb")).isEqualTo("match");
    assertThat(verdict(dfa("\\Ga"), "ba")).isEqualTo("match");
  }

  @Test
  void countedRepetitionIsExpandedOrWidenedWhenTooLarge() throws RegexSyntaxException {
    ByteDfa small = dfa("a{3,5}b");
    assertThat(verdict(small, "aaab")).isEqualTo("match");
    assertThat(verdict(small, "aab")).isEqualTo("no match");
    assertThat(small.exact()).isTrue();
    // Too many optional copies: {2,30000} becomes {2,}.
    ByteDfa manyOptional = dfa("a{2,30000}b");
    assertThat(manyOptional.exact()).isFalse();
    assertThat(verdict(manyOptional, "a".repeat(40_000) + "b")).isEqualTo("match");
    assertThat(verdict(manyOptional, "ab")).isEqualTo("no match");
    // Too many mandatory copies (here: over a repetition budget of 50 NFA states): fewer, then a loop.
    ByteDfa.Limits smallRepeats = new ByteDfa.Limits(100_000, 50, 256, 200_000, 4_096, 1 << 17, 64);
    ByteDfa manyMandatory = ByteDfa.build(PcreParser.parse("(?:ab){40}!").root(), smallRepeats);
    assertThat(manyMandatory.exact()).isFalse();
    assertThat(verdict(manyMandatory, "ab".repeat(40) + "!")).isEqualTo("match");
    assertThat(verdict(manyMandatory, "ab".repeat(30) + "!")).as("widened to {24,}").isEqualTo("match");
    assertThat(verdict(manyMandatory, "ab".repeat(10) + "!")).isEqualTo("no match");
  }

  @Test
  void aPatternThatCannotMatchIsRejectedAtOnce() throws RegexSyntaxException {
    ByteDfa never = dfa("a[^\\x00-\\xff]");
    assertThat(never.stateCount()).isZero();
    assertThat(verdict(never, "aaaa")).isEqualTo("no match");
  }

  @Test
  void largeAutomataAreBuiltLazilyWithinBoundsAndStaySound() throws RegexSyntaxException {
    String pattern = "(?i)(?:[a-z]+=[^\\s]+\\s+)*(?:ba|c)?(?:sh|wget|curl|nc)[\\s;|&]";
    ByteDfa full = dfa(pattern);
    ByteDfa tiny = ByteDfa.build(PcreParser.parse(pattern).root(), TINY);
    assertThat(full.complete()).isTrue();
    assertThat(tiny.complete()).isFalse();
    SafeRegex truth = SafeRegex.compileWithoutDfa(pattern, RegexBudget.DEFAULT);
    Random random = new Random(7);
    List<Character> alphabet = RegexSampler.alphabet(PcreParser.parse(pattern).root());
    int unknown = 0;
    for (int i = 0; i < 3000; i++) {
      String input = RegexSampler.random(alphabet, random);
      boolean matches = truth.find(input) == SafeRegex.Outcome.MATCH;
      int t = tiny.scan(input);
      assertThat(full.scan(input)).as(input).isEqualTo(matches ? ByteDfa.MATCH : ByteDfa.NO_MATCH);
      if (t != ByteDfa.UNKNOWN) {
        assertThat(t).as(input).isEqualTo(matches ? ByteDfa.MATCH : ByteDfa.NO_MATCH);
      } else {
        unknown++;
      }
    }
    assertThat(unknown).as("scans that needed more builds than allowed").isPositive();
    assertThat(tiny.stateCount()).isLessThanOrEqualTo(24);
    assertThat(tiny.resetCount()).as("the state limit was reached and the states dropped").isPositive();
  }

  @Test
  void oneLazyAutomatonServesManyThreads() throws Exception {
    String pattern = "(?i)(?:[a-z]+=[^\\s]+\\s+)*(?:ba|c)?(?:sh|wget|curl|nc)[\\s;|&]";
    SafeRegex truth = SafeRegex.compileWithoutDfa(pattern, RegexBudget.DEFAULT);
    List<Character> alphabet = RegexSampler.alphabet(PcreParser.parse(pattern).root());
    List<String> inputs = new ArrayList<>();
    List<Boolean> expected = new ArrayList<>();
    Random random = new Random(11);
    for (int i = 0; i < 2000; i++) {
      String input = RegexSampler.random(alphabet, random);
      inputs.add(input);
      expected.add(truth.find(input) == SafeRegex.Outcome.MATCH);
    }
    for (ByteDfa.Limits limits : List.of(ByteDfa.Limits.DEFAULT, TINY)) {
      ByteDfa shared = ByteDfa.build(PcreParser.parse(pattern).root(), limits);
      AtomicInteger wrong = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t * 500;
        Thread thread = new Thread(() -> {
          for (int round = 0; round < 5; round++) {
            for (int k = 0; k < inputs.size(); k++) {
              int i = (k + offset) % inputs.size();
              int verdict = shared.scan(inputs.get(i));
              boolean sound = expected.get(i) ? verdict != ByteDfa.NO_MATCH : verdict != ByteDfa.MATCH;
              if (!sound) {
                wrong.incrementAndGet();
              }
            }
          }
        });
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(wrong.get()).as("wrong answers with %s", limits).isZero();
    }
  }

  @Test
  void aScanIsLinearWhateverTheInput() throws RegexSyntaxException {
    // A cold lazy automaton and inputs that visit a new state at almost every byte: builds are capped per scan.
    String pattern = CrsCorpus.rxPattern("v4", "932236");
    ByteDfa dfa = dfa(pattern);
    Random random = new Random(3);
    List<Character> alphabet = RegexSampler.alphabet(PcreParser.parse(pattern).root());
    StringBuilder hostile = new StringBuilder();
    while (hostile.length() < 64 * 1024) {
      hostile.append(alphabet.get(random.nextInt(alphabet.size())));
    }
    long worst = 0;
    for (int i = 0; i < 20; i++) {
      String input = hostile.substring(i * 97) + i;
      long start = System.nanoTime();
      dfa.scan(input);
      worst = Math.max(worst, System.nanoTime() - start);
    }
    System.out.printf("DFA scan of 64 KB hostile input, worst: %.2f ms%n", worst / 1e6);
    assertThat(worst).isLessThan(200_000_000L);
  }
}
