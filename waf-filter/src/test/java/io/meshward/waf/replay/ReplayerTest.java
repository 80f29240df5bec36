package io.meshward.waf.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.waf.service.inspect.Verdict;
import io.meshward.waf.service.mapping.HeaderField;
import io.meshward.waf.service.profile.LoadedProfile;
import io.meshward.waf.service.profile.ProfileRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replaying through the default profile (CRS v4, PL1) reports what ENFORCE would do with each exchange. */
class ReplayerTest {
  private static LoadedProfile profile;

  @BeforeAll
  static void loadDefaultProfile() throws Exception {
    Path crs = Path.of(System.getProperty("meshward.shared.dir", "../../shared"), "crs", "v4");
    profile = ProfileRegistry.load(crs, List.of()).defaultProfile();
  }

  private static RecordedExchange get(String target) {
    return new RecordedExchange("test", "GET", target, "HTTP/1.1",
        List.of(new HeaderField("Host", "shop.example.org"), new HeaderField("User-Agent", "Mozilla/5.0"),
            new HeaderField("Accept", "text/html")), new byte[0], Optional.empty());
  }

  @Test
  void aBenignRequestIsAllowedWithNothingFound() {
    ReplayResult result = new Replayer(profile).replay(get("/catalog?category=garden&page=2"));

    assertThat(result.rules()).isEmpty();
    assertThat(result.verdict().allowed()).isTrue();
    assertThat(result.verdict().reason()).isEqualTo(Verdict.Reason.CLEAN);
  }

  @Test
  void anAttackWouldBeDeniedAndItsRulesAreNamed() {
    ReplayResult result = new Replayer(profile)
        .replay(get("/catalog?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--"));

    assertThat(result.verdict().allowed()).isFalse();
    assertThat(result.verdict().status()).isEqualTo(403);
    assertThat(result.rules()).extracting(ReplayResult.RuleHit::id).contains(942100, 949110);
    assertThat(result.verdict().findings().inboundScore()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void aRecordedResponseGoesThroughTheResponsePhases() {
    byte[] page = "<html>You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version</html>"
        .getBytes(StandardCharsets.UTF_8);
    RecordedExchange exchange = new RecordedExchange("test", "GET", "/orders", "HTTP/1.1",
        List.of(new HeaderField("Host", "shop.example.org"), new HeaderField("Accept", "text/html")), new byte[0],
        Optional.of(new RecordedExchange.RecordedResponse(200,
            List.of(new HeaderField("Content-Type", "text/html")), page)));

    ReplayResult result = new Replayer(profile).replay(exchange);

    assertThat(result.responseStatus()).isEqualTo(200);
    assertThat(result.rules()).extracting(ReplayResult.RuleHit::id).contains(951230, 959100);
    assertThat(result.verdict().allowed()).isFalse();
  }

  @Test
  void theSummaryCountsEachRuleOncePerExchangeMostFrequentFirst() {
    Replayer replayer = new Replayer(profile);
    ReplaySummary summary = new ReplaySummary();
    summary.add(replayer.replay(get("/?q=%3Cscript%3Ealert(1)%3C/script%3E")));
    summary.add(replayer.replay(get("/?q=%3Cscript%3Ealert(2)%3C/script%3E")));
    summary.add(replayer.replay(get("/?id=1%27%20or%201=1--")));
    summary.add(replayer.replay(get("/ok")));

    assertThat(summary.exchanges()).isEqualTo(4);
    assertThat(summary.denied()).isEqualTo(3);
    assertThat(summary.withFindings()).isEqualTo(3);
    ReplaySummary.RuleTotal first = summary.rules().get(0);
    assertThat(first.exchanges()).isEqualTo(3).as("949110 and 980170 match every attack");
    assertThat(summary.rules()).filteredOn(r -> r.id() == 941100).singleElement()
        .satisfies(r -> assertThat(r.exchanges()).isEqualTo(2));
  }
}
