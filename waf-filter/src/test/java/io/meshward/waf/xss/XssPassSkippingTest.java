package io.meshward.waf.xss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link XssDetector#detect} stops a quoted-value pass once it falls into step with the tag-context pass
 * ({@link AttributeNameStarts}). That shortcut must never change the answer: here it is compared with running every
 * pass to its end, on random markup-like inputs built to fall into and out of step (quotes, names, tags, end tags).
 */
class XssPassSkippingTest {
  private static final XssDetector DETECTOR = XssDetector.create();
  private static final String[] PIECES = {" ", "'", "\"", "`", "<", ">", "</", "/", "=", "x", "it's ", "on", "error",
      "onerror", "onload=", "src=", "javascript:", "style", "href", "a b", "<script>", "<svg", "<!--", "-->", "\0",
      "\t", "data:", "xmlns", "title=", "&#106;", "?", "%", "!"};

  @Test
  void stoppingAPassInStepNeverChangesTheAnswer() {
    Random random = new Random(20261127L);
    int flagged = 0;
    int inputs = 30_000;
    for (int i = 0; i < inputs; i++) {
      StringBuilder sb = new StringBuilder();
      int pieces = 1 + random.nextInt(14);
      for (int p = 0; p < pieces; p++) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String input = sb.toString();
      String expected = everyPassToTheEnd(input);
      assertThat(DETECTOR.detect(input).orElse(null)).as("<%s>", input).isEqualTo(expected);
      flagged += expected == null ? 0 : 1;
    }
    // Both answers must occur often, or the comparison says little.
    assertThat(flagged).isBetween(inputs / 10, inputs * 9 / 10);
  }

  @Test
  void benignTextWithQuotesIsStillJudgedInEveryContext() {
    assertThat(DETECTOR.detect("it's a \"nice\" day")).isEmpty();
    // The single-quote pass differs from the tag-context pass before they fall into step: "x" is a name only there.
    assertThat(DETECTOR.detect("a'onerror=1 b")).isPresent();
    assertThat(everyPassToTheEnd("a'onerror=1 b")).isNotNull();
  }

  private static String everyPassToTheEnd(String input) {
    if (input.isEmpty()) {
      return null;
    }
    for (Html5Context context : Html5Context.values()) {
      String reason = DETECTOR.firstDangerousToken(input, context);
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }
}
