package io.meshward.waf.service.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.meshward.waf.dlp.BuiltinSensors;
import io.meshward.waf.dlp.DlpEngine;
import io.meshward.waf.dlp.DlpFinding;
import io.meshward.waf.dlp.DlpLocation;
import io.meshward.waf.service.mapping.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A 100 MiB STREAMED response through the response DLP of an ENFORCE route, with the default sensors. */
class ResponseDlpStreamingTest {
  private static final String CARD = "4111 1111 1105 1234";

  @Test
  void aHundredMegabyteStreamHoldsOnlyABoundedTailAndComesOutWholeAndMasked() throws Exception {
    DlpEngine engine = DlpEngine.compile(BuiltinSensors.defaults());
    int longest = engine.longestMatch(DlpLocation.RESPONSE_BODY);
    int chunk = 64 * 1024;
    int chunks = 1600; // 100 MiB
    String filler = "{\"sku\": \"A-100\", \"qty\": 2, \"note\": \"ok\"}\n".repeat(chunk / 40 + 1).substring(0, chunk);
    List<Integer> withCards = List.of(1, 400, 799, 1599);
    long in = 0;
    long out = 0;
    int masked = 0;
    int mostHeld = 0;
    try (ResponseDlp dlp = new ResponseDlp(engine, true, DecodingLimits.defaults(), SkippedBodies.NONE)) {
      dlp.headers(List.of(new HeaderField(":status", "200"), new HeaderField("content-type", "text/plain")));
      for (int i = 0; i < chunks; i++) {
        String text = filler;
        if (withCards.contains(i)) {
          // The card straddles the border with the next chunk (the last one ends with it).
          text = filler.substring(0, chunk - 10) + " " + CARD.substring(0, 9);
        } else if (withCards.contains(i - 1)) {
          text = CARD.substring(9) + " " + filler.substring(11);
        }
        ByteString bytes = ByteString.copyFrom(text, StandardCharsets.ISO_8859_1);
        Optional<ByteString> sent = dlp.body(bytes, i == chunks - 1);
        assertThat(sent).as("ENFORCE with masking sensors answers every chunk with what goes on").isPresent();
        String released = sent.get().toString(StandardCharsets.ISO_8859_1);
        in += bytes.size();
        out += released.length();
        masked += countOf(released, "**** **** **** 1234");
        if (i < chunks - 1) {
          assertThat(released).as("chunk %d", i).doesNotContain("4111 1111");
        }
        mostHeld = Math.max(mostHeld, dlp.mostHeldBytes());
      }
      assertThat(dlp.findings()).extracting(DlpFinding::sensor, DlpFinding::matches)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("payment-card", 3));
    }

    assertThat(out).isEqualTo(in);
    assertThat(masked).as("three whole cards; the last chunk's half card is released as it came").isEqualTo(3);
    assertThat(mostHeld).as("held: at most twice the longest match (%d)", longest).isLessThanOrEqualTo(2 * longest)
        .isPositive();
  }

  private static int countOf(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
