package io.meshward.waf.service.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.waf.MatchedData;
import io.meshward.waf.MatchedRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule messages leave the service with the matched data masked. */
class MessageMaskTest {
  private final MessageMask mask = new MessageMask();

  private static MatchedRule rule(String message, MatchedData... matches) {
    return new MatchedRule(920450, 1, "REQUEST-920-PROTOCOL-ENFORCEMENT.conf", 1, message, "", 2, List.of(), "", "",
        0, 0, true, "pass", List.of(matches), "10.0.0.1", "/", "host", "tx");
  }

  @Test
  void aMatchedValueExpandedIntoTheMessageIsMasked() {
    MatchedRule rule = rule("HTTP header is restricted by policy (x-secret-token-4711)",
        new MatchedData("REQUEST_HEADERS_NAMES", "x-secret-token-4711", "x-secret-token-4711", "", "", 0));

    assertThat(mask.of(rule)).isEqualTo("HTTP header is restricted by policy (***)");
  }

  @Test
  void shortValuesStayAndControlCharactersAndLengthAreBounded() {
    MatchedRule score = rule("Inbound Anomaly Score Exceeded (Total Score: 10)",
        new MatchedData("TX", "blocking_inbound_anomaly_score", "10", "", "", 0));
    MatchedRule longOne = rule("a\nb" + "z".repeat(500));

    assertThat(mask.of(score)).isEqualTo("Inbound Anomaly Score Exceeded (Total Score: 10)");
    assertThat(mask.of(longOne)).startsWith("a b").hasSize(MessageMask.MAX_CHARS + 3).endsWith("...");
  }
}
