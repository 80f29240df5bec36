package io.meshward.waf.xss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Inputs built to break a tokenizer: huge, unterminated, deeply nested, binary. The detector must answer without
 * throwing (no recursion, no unbounded look-ahead); no timing is asserted.
 */
class XssHostileInputTest {
  private static final XssDetector DETECTOR = XssDetector.create();
  private static final int ONE_MB = 1 << 20;

  @Test
  void oneMegabyteOfLessThanSigns() {
    assertThat(DETECTOR.detect("<".repeat(ONE_MB))).isEmpty();
  }

  @Test
  void oneHundredThousandNestedTags() {
    assertThat(DETECTOR.detect("<div>".repeat(100_000) + "x" + "</div>".repeat(100_000))).isEmpty();
    assertThat(DETECTOR.detect("<a><b>".repeat(50_000) + "<script>")).contains("tag:script");
  }

  @Test
  void unterminatedConstructsRunToTheEndOfTheInput() {
    String big = "a".repeat(ONE_MB);
    for (String prefix : new String[] {"<!--", "<!-- -", "<![CDATA[", "<!DOCTYPE", "<?", "<%", "</ ", "<x a='",
        "<x a=\"", "<x a=`", "<x a=", "<x a", "<x ", "<x", "<!", "</"}) {
      assertThatCode(() -> DETECTOR.detect(prefix + big)).as(prefix).doesNotThrowAnyException();
      assertThatCode(() -> DETECTOR.detect(big + prefix)).as(prefix).doesNotThrowAnyException();
    }
  }

  @Test
  void manyDashesAndNulsInsideAComment() {
    assertThat(DETECTOR.detect("<!--" + "-\0\0\0".repeat(200_000))).isEmpty();
    assertThat(DETECTOR.detect("<!--" + "-".repeat(ONE_MB))).isEmpty();
    assertThat(DETECTOR.detect("<!--" + "-!".repeat(ONE_MB / 2) + "-->")).isEmpty();
  }

  @Test
  void nulBytesEverywhere() {
    assertThat(DETECTOR.detect("\0".repeat(ONE_MB))).isEmpty();
    assertThat(DETECTOR.detect("<\0".repeat(ONE_MB / 2))).isEmpty();
    assertThatCode(() -> DETECTOR.detect("<x \0=\0 \0on\0=\0>\0".repeat(50_000))).doesNotThrowAnyException();
  }

  @Test
  void manyAttributesAndEntityRuns() {
    assertThat(DETECTOR.detect("<x " + "a=b ".repeat(200_000) + ">")).isEmpty();
    assertThat(DETECTOR.detect("<a href=\"" + "&#".repeat(ONE_MB / 2) + "\">")).isEmpty();
    assertThat(DETECTOR.detect("<a href=\"&#" + "0".repeat(ONE_MB) + "106;avascript:\">")).isPresent();
    assertThat(DETECTOR.detect("<a href=\"&#x" + "f".repeat(ONE_MB) + ";\">")).isEmpty();
  }

  @Test
  void longAttributeNamesAndOnPrefixes() {
    assertThat(DETECTOR.detect("<x on" + "x".repeat(ONE_MB) + "=1>")).isEmpty();
    assertThat(DETECTOR.detect("<x onerror" + "x".repeat(ONE_MB) + "=1>")).isPresent();
    assertThat(DETECTOR.detect("<x attributename='on" + "\0".repeat(ONE_MB) + "load'>")).isPresent();
  }

  @Test
  void randomBytesAndCharsAboveLatin1NeverThrow() {
    Random random = new Random(20261126L);
    String alphabet = "<>/!?%-=\"'` \t\n\0&#;xXaonsvgcriptDOCTYPE[]CDATA\u0080\u00ff\u0100\uffff";
    for (int round = 0; round < 2_000; round++) {
      StringBuilder input = new StringBuilder();
      int length = random.nextInt(200);
      for (int i = 0; i < length; i++) {
        input.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000)
            : alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = input.toString();
      assertThatCode(() -> DETECTOR.detect(text)).as(text).doesNotThrowAnyException();
    }
  }

  @Test
  void nullInputIsNotXss() {
    assertThat(DETECTOR.detect(null)).isEmpty();
  }
}
