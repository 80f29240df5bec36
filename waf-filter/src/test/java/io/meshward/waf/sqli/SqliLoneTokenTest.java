package io.meshward.waf.sqli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SqliDetector#detect} answers "not SQLi" without tokenizing an input that is one word or one number
 * ({@link SqliDetector#isOneToken}), because libinjection's data blacklists no one-token fingerprint such an input
 * can have ({@link SqliData#loneTokenIsNeverSqli}). That shortcut must never change the answer: the full detection
 * runs here on SQL keywords, the prefixes of quoted-string forms and random words and numbers, and none is SQLi.
 */
class SqliLoneTokenTest {
  private static final SqliDetector DETECTOR = SqliDetector.create();
  private static final String WORD = "abenqtuxABENQTUXselctunioSELCTUNIO_0123456789";

  @Test
  void theBundledDataBlacklistsNoOneTokenFingerprintAWordOrNumberCanHave() {
    assertThat(SqliData.loadDefault().loneTokenIsNeverSqli()).isTrue();
  }

  @Test
  void noWordOrNumberAloneIsSqli() {
    List<String> named = List.of("union", "SELECT", "sleep", "or", "and", "xor", "not", "null", "true", "version",
        "benchmark", "waitfor", "exec", "b", "B", "x", "X", "n", "N", "nq", "q", "Q", "u", "U", "e", "E", "_", "1", "0",
        "0000", "9223372036854775808", "select_1", "union1", "a".repeat(40), "9".repeat(40));
    for (String input : named) {
      assertOneTokenAndNotSqli(input);
    }
    Random random = new Random(20261127L);
    for (int i = 0; i < 50_000; i++) {
      StringBuilder sb = new StringBuilder();
      if (random.nextInt(4) == 0) {
        for (int j = 1 + random.nextInt(20); j > 0; j--) {
          sb.append((char) ('0' + random.nextInt(10)));
        }
      } else {
        sb.append(WORD.charAt(random.nextInt(WORD.length() - 10)));
        for (int j = random.nextInt(20); j > 0; j--) {
          sb.append(WORD.charAt(random.nextInt(WORD.length())));
        }
      }
      assertOneTokenAndNotSqli(sb.toString());
    }
  }

  @Test
  void anythingMoreGoesThroughEveryPass() {
    assertThat(SqliDetector.isOneToken("1union")).isFalse();
    assertThat(SqliDetector.isOneToken("a b")).isFalse();
    assertThat(SqliDetector.isOneToken("a.b")).isFalse();
    assertThat(SqliDetector.isOneToken("")).isFalse();
    assertThat(DETECTOR.detect("1 union select 1")).isPresent();
    assertThat(DETECTOR.detect("1'or'1'='1")).isPresent();
  }

  private static void assertOneTokenAndNotSqli(String input) {
    assertThat(SqliDetector.isOneToken(input)).as(input).isTrue();
    // The full detection, past the shortcut.
    assertThat(DETECTOR.fingerprintIfSqli(input.getBytes(StandardCharsets.ISO_8859_1))).as(input).isNull();
  }
}
