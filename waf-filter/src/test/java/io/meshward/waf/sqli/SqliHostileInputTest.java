package io.meshward.waf.sqli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs built to hurt: huge, deeply nested, binary. The detector must return a verdict for each without throwing.
 * No timing assertions here (throughput is measured by the JMH benchmarks); the scans are linear by construction.
 */
class SqliHostileInputTest {
  private static final SqliDetector DETECTOR = SqliDetector.create();
  private static final int MB = 1 << 20;

  static Stream<Arguments> hostileInputs() {
    return Stream.of(
        Arguments.of("1 MB of single quotes", "'".repeat(MB)),
        Arguments.of("1 MB of double quotes", "\"".repeat(MB)),
        Arguments.of("1 MB of backslash-quote", "\\'".repeat(MB / 2)),
        Arguments.of("100,000 nested comment openers", "/*".repeat(100_000)),
        Arguments.of("100,000 nested comments, closed", "/*".repeat(100_000) + "*/".repeat(100_000)),
        Arguments.of("100,000 open parentheses", "(".repeat(100_000)),
        Arguments.of("100,000 balanced parentheses", "(".repeat(100_000) + "1" + ")".repeat(100_000)),
        Arguments.of("1 MB of NUL", "\0".repeat(MB)),
        Arguments.of("1 MB of 0xFF", "\u00ff".repeat(MB)),
        Arguments.of("1 MB of 0xA0", "\u00a0".repeat(MB)),
        Arguments.of("1 MB of dots", ".".repeat(MB)),
        Arguments.of("1 MB of a single word", "a".repeat(MB)),
        Arguments.of("1 MB of a word with dots", "select.".repeat(MB / 7)),
        Arguments.of("long dollar tag, never closed", "$" + "a".repeat(MB / 2) + "$" + "$" + "a".repeat(MB / 2 - 2)),
        Arguments.of("dollar tags that almost repeat", "$aaaa$" + "$aaa".repeat(MB / 4)),
        Arguments.of("Oracle q-strings never closed", "q'(".repeat(MB / 3)),
        Arguments.of("arithmetic that keeps folding", "1+".repeat(MB / 2) + "1"),
        Arguments.of("variables", "@@".repeat(MB / 2)),
        Arguments.of("brackets never closed", "[".repeat(MB)),
        Arguments.of("dash dash everything", "--x\n".repeat(MB / 4)),
        Arguments.of("hash comments", "#\n".repeat(MB / 2)),
        Arguments.of("money", "$1,0.".repeat(MB / 5)),
        Arguments.of("chars above 0xFF", "\u20ac' OR 1=1 -- \uffff\ud83d\ude00"),
        Arguments.of("unterminated everything", "x'e'n'q'b'u&'`@`$$"),
        Arguments.of("empty", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileInputs")
  void returnsAVerdictWithoutThrowing(String name, String input) {
    Optional<String> verdict = DETECTOR.detect(input);
    assertThat(verdict).isNotNull();
    verdict.ifPresent(fp -> assertThat(fp).isNotEmpty().hasSizeLessThanOrEqualTo(Folder.MAX_TOKENS));
  }

  @Test
  void nestedCommentsAreEvil() {
    assertThat(DETECTOR.detect("/*".repeat(100_000))).contains("X");
  }

  @Test
  void charsAboveLatin1AreWordBytesNotErrors() {
    assertThat(DETECTOR.detect("1' OR 1=1 -- \u20ac")).isEqualTo(DETECTOR.detect("1' OR 1=1 -- \u00ff"));
    assertThat(DETECTOR.detect("\u20ac")).isEmpty();
  }

  @Test
  void nullIsNotSqli() {
    assertThat(DETECTOR.detect(null)).isEmpty();
  }

  @Test
  void randomBytesNeverThrow() {
    Random random = new Random(20261126L);
    // Biased towards the bytes that start or end constructs so the odd paths are exercised.
    String alphabet = "'\"`\\/*-#@$()[]{}<>=!|&:;,.0123456789eEdDfFxXbBnNqQuU \t\n\0\u00a0\u0080\u00ff";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(64);
      for (int j = 0; j < length; j++) {
        sb.append(random.nextInt(4) == 0 ? (char) random.nextInt(256) : alphabet.charAt(random.nextInt(
            alphabet.length())));
      }
      String input = sb.toString();
      assertThat(DETECTOR.detect(input)).as("input %s", input).isNotNull();
    }
  }

  @Test
  void detectorIsSharedSafelyAcrossThreads() throws Exception {
    String attack = "1' OR '1'='1";
    String expected = DETECTOR.detect(attack).orElseThrow();
    Thread[] threads = new Thread[4];
    boolean[] ok = new boolean[threads.length];
    for (int t = 0; t < threads.length; t++) {
      int index = t;
      threads[t] = new Thread(() -> {
        boolean all = true;
        for (int i = 0; i < 2_000; i++) {
          all &= DETECTOR.detect(attack).orElse("").equals(expected) && DETECTOR.detect("hello world").isEmpty();
        }
        ok[index] = all;
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(ok).containsOnly(true);
  }
}
