package io.meshward.waf.xss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link XssDetector#detect} answers "not XSS" without tokenizing an input that holds neither {@code <} nor
 * {@code =} ({@link XssDetector#canHoldDangerousToken}). That shortcut must never change the answer: here every pass
 * runs to its end on random inputs made of everything else that matters to the tokenizer (quotes, whitespace, tag
 * ends, slashes, event-handler and URL-attribute names, script schemes) and of random bytes, and none may be XSS.
 */
class XssMarkupFreeInputTest {
  private static final XssDetector DETECTOR = XssDetector.create();
  private static final String[] PIECES = {" ", "'", "\"", "`", ">", "/", "x", "it's ", "on", "error", "onerror",
      "onload", "src", "javascript:", "vbscript:", "data:", "style", "href", "formaction", "xmlns", "a b", "\0", "\t",
      "\n", "\f", "\r", "\u000b", "&#106;", "&lt;", "%3C", "!", "--", "[if", "DOCTYPE", "?", "expression(", "url(",
      ";", ":", "\\"};

  @Test
  void noPassFindsATokenInAnInputWithoutLessThanOrEquals() {
    Random random = new Random(20261127L);
    for (int i = 0; i < 40_000; i++) {
      StringBuilder sb = new StringBuilder();
      int pieces = 1 + random.nextInt(16);
      for (int p = 0; p < pieces; p++) {
        if (random.nextInt(5) == 0) {
          char c = (char) random.nextInt(256);
          sb.append(c == '<' || c == '=' ? '_' : c);
        } else {
          sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
      }
      String input = sb.toString();
      assertThat(XssDetector.canHoldDangerousToken(input)).isFalse();
      for (Html5Context context : Html5Context.values()) {
        assertThat(DETECTOR.firstDangerousToken(input, context)).as("<%s> as %s", input, context).isNull();
      }
    }
  }

  @Test
  void eitherByteSendsTheInputThroughEveryPass() {
    assertThat(DETECTOR.detect("\" onerror=alert(1)")).contains("attribute:onerror");
    assertThat(DETECTOR.detect("<script>alert(1)</script>")).contains("tag:script");
    assertThat(DETECTOR.detect("\" onerror alert(1)")).isEmpty();
    assertThat(DETECTOR.detect("script alert(1) /script")).isEmpty();
  }
}
