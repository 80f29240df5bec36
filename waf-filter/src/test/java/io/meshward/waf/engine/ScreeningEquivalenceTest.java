package io.meshward.waf.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.waf.MatchedRule;
import io.meshward.waf.Transaction;
import io.meshward.waf.WafConfig;
import io.meshward.waf.WafEngine;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Screening rules in groups ({@link RuleScreens}) is an optimisation only: CRS v4 with and without it must give the
 * same matches (rule ids, matched variables and values, in order), the same interruption and the same anomaly scores,
 * request for request. The requests carry libinjection's sample corpus (SQL injection, XSS, and its false-positive
 * list of benign strings), one sample per request, in a query argument, a cookie, the User-Agent and a form body.
 */
class ScreeningEquivalenceTest {
  private static final String SETUP = """
      SecRuleEngine On
      SecRequestBodyAccess On
      SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=%d"
      """;

  @ParameterizedTest(name = "paranoia level {0}")
  @ValueSource(ints = {1, 4})
  void crsGivesTheSameVerdictsWithAndWithoutScreening(int paranoiaLevel) throws Exception {
    WafEngine screened = load(paranoiaLevel, true);
    WafEngine unscreened = load(paranoiaLevel, false);
    List<String> samples = samples();

    int compared = 0;
    int blocked = 0;
    for (String sample : samples) {
      Transaction a = request(screened, sample);
      Transaction b = request(unscreened, sample);
      assertThat(describe(a)).as("sample %s", sample).isEqualTo(describe(b));
      compared++;
      if (a.interruption().isPresent()) {
        blocked++;
      }
    }
    System.out.printf("screening equivalence, PL%d: %d requests compared (%d blocked), 0 differences%n",
        paranoiaLevel, compared, blocked);
    assertThat(blocked).as("the corpus has attacks the rules block").isGreaterThan(compared / 3);
  }

  private static WafEngine load(int paranoiaLevel, boolean screening) throws Exception {
    return WafEngine.load(WafConfig.builder()
        .text("setup", SETUP.formatted(paranoiaLevel))
        .crs(SharedData.crsV4())
        .shortcuts(screening)
        .build());
  }

  /** Every fourth line of the corpus (comments and blank lines left out): about 4,800 samples. */
  private static List<String> samples() throws IOException {
    Path data = SharedData.crsV4().getParent().getParent().resolve("libinjection").resolve("data");
    List<String> samples = new ArrayList<>();
    try (Stream<Path> files = Files.list(data)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < lines.size(); i += 4) {
          String line = lines.get(i);
          if (!line.isBlank() && !line.startsWith("#")) {
            samples.add(line);
          }
        }
      }
    }
    assertThat(samples).as("libinjection's data under " + data).hasSizeGreaterThan(4_000);
    return samples;
  }

  private static Transaction request(WafEngine engine, String sample) {
    String encoded = URLEncoder.encode(sample, StandardCharsets.ISO_8859_1);
    String headerSafe = sample.replace('\r', ' ').replace('\n', ' ');
    Transaction tx = engine.newTransaction("equivalence");
    tx.processConnection("10.1.2.3", 40000, "10.0.0.1", 80);
    tx.processUri("/search?q=" + encoded + "&page=2", "POST", "HTTP/1.1");
    tx.addRequestHeader("Host", "shop.example.org");
    tx.addRequestHeader("User-Agent", headerSafe);
    tx.addRequestHeader("Cookie", "session=" + encoded);
    tx.addRequestHeader("Content-Type", "application/x-www-form-urlencoded");
    tx.processRequestHeaders();
    byte[] body = ("comment=" + encoded).getBytes(StandardCharsets.ISO_8859_1);
    tx.appendRequestBody(body, 0, body.length);
    tx.processRequestBody();
    tx.processResponseHeaders(200, "HTTP/1.1");
    tx.processResponseBody();
    tx.processLogging();
    return tx;
  }

  private static String describe(Transaction tx) {
    StringBuilder out = new StringBuilder();
    for (MatchedRule rule : tx.matchedRules()) {
      out.append(rule.id()).append(' ').append(rule.matches()).append('\n');
    }
    out.append("interruption ").append(tx.interruption()).append('\n');
    for (String score : List.of("blocking_inbound_anomaly_score", "detection_inbound_anomaly_score",
        "blocking_outbound_anomaly_score", "msc_pcre_limits_exceeded")) {
      out.append(score).append('=').append(tx.variable("TX", score).orElse("")).append('\n');
    }
    return out.toString();
  }
}
