package io.meshward.waf.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DlpMaskingTest {
  private static final DlpEngine DEFAULTS = compile();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static DlpEngine compile() {
    try {
      return DlpEngine.compile(BuiltinSensors.defaults());
    } catch (DlpConfigException e) {
      throw new AssertionError(e);
    }
  }

  private static String mask(String text, boolean json) {
    return DlpMasking.mask(text, DEFAULTS.scan(DlpLocation.RESPONSE_BODY, text).matches(), json);
  }

  @Test
  void cardsKeepTheirLastFourDigitsAndTheirSeparators() {
    assertThat(mask("Card: 4111 1111 1111 1111, exp 12/29", false))
        .isEqualTo("Card: **** **** **** 1111, exp 12/29");
    assertThat(mask("pan=5500-0000-0000-0004&x=1", false)).isEqualTo("pan=****-****-****-0004&x=1");
  }

  @Test
  void maskedJsonStaysValidJsonWithTheSameStructure() throws Exception {
    String body = """
        {"customer": {"name": "Zoë", "card": "4111111111111111", "ssn": "123-45-6789"},
         "pan": 5105105105105100, "amount": 12.5, "key": "-----BEGIN RSA PRIVATE KEY-----\\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\\n-----END RSA PRIVATE KEY-----",
         "note": "caf\\u00e9 4012 8888 8888 1881"}
        """;

    String masked = mask(body, true);

    JsonNode tree = JSON.readTree(masked);
    assertThat(tree.at("/customer/card").asText()).isEqualTo("************1111");
    assertThat(tree.at("/customer/ssn").asText()).isEqualTo("***-**-6789");
    assertThat(tree.at("/pan").isTextual()).as("a card sent as a number becomes a string").isTrue();
    assertThat(tree.at("/pan").asText()).isEqualTo("************5100");
    assertThat(tree.at("/amount").asDouble()).isEqualTo(12.5);
    assertThat(tree.at("/key").asText()).startsWith("-----***** *** ******* ***-----\n").doesNotContain("MIIB");
    assertThat(tree.at("/note").asText()).isEqualTo("café **** **** **** 1881");
    assertThat(tree.at("/customer/name").asText()).isEqualTo("Zoë");
  }

  @Test
  void aValueSplitAcrossChunksIsFoundAndMaskedWhole() {
    String body = "{\"orders\": [{\"card\": \"4111 1111 1111 1111\"}, {\"card\": \"5500 0000 0000 0004\"}]}";
    for (int split = 1; split < body.length(); split++) {
      DlpStream stream = new DlpStream(DEFAULTS, DlpLocation.RESPONSE_BODY, true, true);
      StringBuilder out = new StringBuilder();
      out.append(stream.next(body.substring(0, split), false).release());
      out.append(stream.next(body.substring(split), true).release());

      assertThat(out.toString()).as("split at %d", split).isEqualTo(mask(body, true));
      assertThat(stream.findings()).singleElement().satisfies(f -> {
        assertThat(f.sensor()).isEqualTo("payment-card");
        assertThat(f.matches()).isEqualTo(2);
      });
    }
  }

  @Test
  void streamingInManySmallChunksGivesWhatOneScanGives() throws Exception {
    StringBuilder body = new StringBuilder("[");
    Random random = new Random(3);
    for (int i = 0; i < 300; i++) {
      body.append(i == 0 ? "" : ",").append("{\"id\": ").append(100000 + i).append(", \"ts\": 17326")
          .append(10000 + random.nextInt(89999)).append("000, \"card\": \"")
          .append(i % 7 == 0 ? "4012 8888 8888 1881" : "order-" + random.nextInt(1_000_000)).append("\"}");
    }
    String text = body.append(']').toString();
    DlpStream stream = new DlpStream(DEFAULTS, DlpLocation.RESPONSE_BODY, true, true);
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < text.length()) {
      int next = Math.min(text.length(), at + 1 + random.nextInt(300));
      out.append(stream.next(text.substring(at, next), next == text.length()).release());
      at = next;
    }

    assertThat(out.toString()).isEqualTo(mask(text, true));
    assertThat(stream.findings()).singleElement().satisfies(f -> assertThat(f.matches()).isEqualTo(43));
    JSON.readTree(out.toString());
    List<String> masked = new ArrayList<>();
    JSON.readTree(out.toString()).forEach(n -> masked.add(n.path("card").asText()));
    assertThat(masked).filteredOn(c -> c.startsWith("****")).hasSize(43).allMatch(c -> c.endsWith("1881"));
  }
}
