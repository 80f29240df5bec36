package io.meshward.waf.transformations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Transformation#resultHoldsAnyOf}: base64Decode answers it without building the decoded string; the answer
 * must be the one the decoded string gives, for every input and every set of wanted bytes.
 */
class ResultHoldsAnyOfTest {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=. \r\n\t\u000b\u00a0\u0085-_%&\u0141";

  @Test
  void base64DecodeAnswersAsTheDecodedStringWould() {
    Random random = new Random(20261127L);
    int held = 0;
    int checks = 0;
    for (Base64Decode decode : new Base64Decode[] {Base64Decode.STRICT, Base64Decode.EXT}) {
      for (int i = 0; i < 20_000; i++) {
        StringBuilder input = new StringBuilder();
        for (int j = random.nextInt(24); j > 0; j--) {
          input.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        long[] wanted = new long[4];
        for (int b = 1 + random.nextInt(12); b > 0; b--) {
          int x = random.nextInt(256);
          wanted[x >>> 6] |= 1L << (x & 63);
        }
        String value = input.toString();
        boolean expected = holdsAnyOf(decode.apply(value), wanted);
        assertThat(decode.resultHoldsAnyOf(value, wanted)).as("<%s>", value).isEqualTo(expected);
        held += expected ? 1 : 0;
        checks++;
      }
    }
    // Both answers must be common, or the comparison says little.
    assertThat(held).isBetween(checks / 20, checks * 19 / 20);
  }

  @Test
  void theDefaultAsksTheResult() {
    long[] wantsLessThan = new long[4];
    wantsLessThan['<' >>> 6] |= 1L << ('<' & 63);
    Transformation urlDecode = Transformations.byName("urlDecodeUni").orElseThrow();
    assertThat(urlDecode.resultHoldsAnyOf("%3Cscript", wantsLessThan)).isTrue();
    assertThat(urlDecode.resultHoldsAnyOf("%3Dscript", wantsLessThan)).isFalse();
  }

  private static boolean holdsAnyOf(String value, long[] wanted) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0xFF || (wanted[c >>> 6] & (1L << (c & 63))) != 0) {
        return true;
      }
    }
    return false;
  }
}
