package io.meshward.waf.engine;

import static io.meshward.waf.engine.Requests.ids;
import static io.meshward.waf.engine.Requests.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.waf.Transaction;
import io.meshward.waf.WafConfig;
import io.meshward.waf.WafEngine;
import io.meshward.waf.rules.Rule;
import io.meshward.waf.rules.RuleSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleScreensTest {
  private static final String RULES = """
      SecRule ARGS "@rx (?i)union\\s+select" "id:1,phase:2,pass,t:none,t:lowercase,setvar:tx.score=+5"
      SecRule ARGS "@rx <script" "id:2,phase:2,pass,t:none,t:lowercase,setvar:tx.score=+5"
      SecRule ARGS|REQUEST_HEADERS:User-Agent "@rx \\.\\./" "id:3,phase:2,pass,t:none,t:lowercase,capture,setvar:tx.path=%{TX.0}"
      SecRule ARGS "!@rx ^[a-z]*$" "id:4,phase:2,pass,t:none,t:lowercase"
      SecRule ARGS "@rx select" "id:5,phase:2,pass,t:none,t:lowercase,multiMatch"
      SecRule TX:score "@rx ^1" "id:6,phase:2,pass"
      SecRule &ARGS "@rx 3" "id:7,phase:2,pass"
      SecRule ARGS "@rx \\bor\\b" "id:8,phase:2,pass,t:none,t:urlDecodeUni"
      SecRule TX:level "@lt 2" "id:9,phase:2,pass,skipAfter:END"
      SecRule ARGS "@rx ." "id:10,phase:2,pass,t:none,t:lowercase"
      SecMarker END
      SecRule TX:score "@ge 5" "id:11,phase:2,pass,chain"
        SecRule ARGS "@rx select" "t:none,t:lowercase"
      """;

  private static RuleSet ruleSet() throws Exception {
    return WafEngine.load(WafConfig.builder().text("screens.conf", RULES).build()).ruleSet();
  }

  private static int position(RuleSet rules, int id) {
    List<Rule> phase = rules.phase(2);
    for (int i = 0; i < phase.size(); i++) {
      if (phase.get(i).id() == id) {
        return i;
      }
    }
    throw new AssertionError("no rule " + id);
  }

  @Test
  void rulesReadingATargetThroughTheSameTransformationsShareAScreen() throws Exception {
    RuleSet rules = ruleSet();
    RuleScreens screens = RuleScreens.of(rules);

    int[] second = screens.of(2, position(rules, 2));
    int[] third = screens.of(2, position(rules, 3));
    assertThat(second).hasSize(1);
    assertThat(third).as("one screen per target").hasSize(2).contains(second[0]);
    assertThat(screens.screen(second[0]).union().members()).isEqualTo(2);
    assertThat(screens.of(2, position(rules, 8))).as("other transformations, another screen")
        .doesNotContain(second[0]);
  }

  @Test
  void rulesThatNeedALetterAreKeptApartFromRulesThatNeedRareBytes() throws Exception {
    RuleSet rules = ruleSet();
    RuleScreens screens = RuleScreens.of(rules);

    int[] letters = screens.of(2, position(rules, 1));
    assertThat(letters).hasSize(1).doesNotContain(screens.of(2, position(rules, 2))[0]);
  }

  @Test
  void aScreenKnowsTheBytesAValueNeedsBeforeItIsTransformed() throws Exception {
    RuleSet rules = ruleSet();
    RuleScreens screens = RuleScreens.of(rules);

    long[] script = screens.screen(screens.of(2, position(rules, 2))[0]).triggers();
    assertThat(holds(script, '<')).isTrue();
    assertThat(holds(script, '.')).as("rule 3 needs a dot").isTrue();
    assertThat(holds(script, 's')).isFalse();
    long[] decoded = screens.screen(screens.of(2, position(rules, 8))[0]).triggers();
    assertThat(holds(decoded, '%')).as("t:urlDecodeUni can make any byte of a %").isTrue();
  }

  private static boolean holds(long[] words, char c) {
    return (words[c >>> 6] & (1L << (c & 63))) != 0;
  }

  @Test
  void rulesWhoseNoMatchCannotBeProvenByTheirPatternAreNotScreened() throws Exception {
    RuleSet rules = ruleSet();
    RuleScreens screens = RuleScreens.of(rules);

    assertThat(screens.of(2, position(rules, 4))).as("negated").isNull();
    assertThat(screens.of(2, position(rules, 6))).as("a target that rules write").isNull();
    assertThat(screens.of(2, position(rules, 7))).as("a counted target").isNull();
    assertThat(screens.of(2, position(rules, 9))).as("not a pattern").isNull();
  }

  @Test
  void multiMatchRulesHaveScreensOfTheirOwn() throws Exception {
    RuleSet rules = ruleSet();
    RuleScreens screens = RuleScreens.of(rules);

    int[] multiMatch = screens.of(2, position(rules, 5));
    assertThat(multiMatch).hasSize(1).doesNotContain(screens.of(2, position(rules, 1))[0]);
    assertThat(screens.screen(multiMatch[0]).multiMatch()).isTrue();
  }

  @Test
  void aMultiMatchRuleMatchingOnlyTheUntransformedValueStillMatches() throws Exception {
    String rules = """
        SecRule ARGS "@rx %41" "id:1,phase:2,pass,t:none,t:urlDecode,multiMatch"
        SecRule ARGS "@rx %41" "id:2,phase:2,pass,t:none,t:urlDecode"
        """;
    WafEngine engine = WafEngine.load(WafConfig.builder().text("mm.conf", rules).build());

    // The query's value is "%41" once the query string is decoded; t:urlDecode turns it into "A".
    Transaction tx = run(engine, "GET", "/?q=%2541", List.of(), null);

    assertThat(ids(tx)).containsExactly(1);
  }

  @Test
  void aMultiMatchPipelineWithADecoderIsScreenedOnTheDecodedValueToo() throws Exception {
    String rules = """
        SecRule ARGS "@rx \\(" "id:1,phase:2,pass,t:none,t:urlDecodeUni,t:base64Decode,t:urlDecodeUni,multiMatch"
        """;
    WafEngine screened = WafEngine.load(WafConfig.builder().text("b64.conf", rules).build());
    WafEngine unscreened = WafEngine.load(WafConfig.builder().text("b64.conf", rules).shortcuts(false).build());
    RuleScreens screens = RuleScreens.of(screened.ruleSet());
    RuleScreens.Screen screen = screens.screen(screens.of(2, position(screened.ruleSet(), 1))[0]);

    assertThat(screen.splitAt()).as("t:base64Decode, the second step").isEqualTo(1);
    assertThat(holds(screen.triggers(), 'M')).as("any letter may decode to a (").isTrue();
    assertThat(holds(screen.triggersBefore(), 'M')).isFalse();
    assertThat(holds(screen.triggersBefore(), '%')).isTrue();
    assertThat(holds(screen.triggersAfter(), '%')).as("the urlDecodeUni after the decoder").isTrue();
    // Margaret decodes to bytes without ( or %; YWxlcnQoMSk= is alert(1); JTI4 is %28, a ( after the last step;
    // %28 is a ( before the decoder; a(b holds it as it is.
    for (String value : List.of("Margaret", "YWxlcnQoMSk%3D", "JTI4", "%2528", "a(b", "thank+you")) {
      Transaction a = run(screened, "GET", "/?q=" + value, List.of(), null);
      Transaction b = run(unscreened, "GET", "/?q=" + value, List.of(), null);
      assertThat(ids(a)).as(value).isEqualTo(ids(b));
      assertThat(ids(a)).as(value).isEqualTo(value.equals("Margaret") || value.equals("thank+you")
          ? List.of() : List.of(1));
    }
  }

  @Test
  void phraseMatchRulesAreScreenedAndStillMatch() throws Exception {
    String rules = """
        SecRule ARGS "@pm passwd shadow" "id:1,phase:2,pass,t:none,t:lowercase"
        SecRule ARGS "@rx evil" "id:2,phase:2,pass,t:none,t:lowercase"
        """;
    WafEngine engine = WafEngine.load(WafConfig.builder().text("pm.conf", rules).build());
    RuleSet ruleSet = engine.ruleSet();
    RuleScreens screens = RuleScreens.of(ruleSet);

    assertThat(screens.of(2, position(ruleSet, 1))).isEqualTo(screens.of(2, position(ruleSet, 2)));
    assertThat(ids(run(engine, "GET", "/?f=/etc/PASSWD", List.of(), null))).containsExactly(1);
    assertThat(ids(run(engine, "GET", "/?f=/etc/hosts", List.of(), null))).isEmpty();
  }

  @Test
  void operatorsWithRequiredBytesAreScreenedWithoutAPattern() throws Exception {
    String rules = """
        SecRule ARGS "@detectXSS" "id:1,phase:2,pass,t:none,t:urlDecodeUni,t:htmlEntityDecode"
        SecRule ARGS "@validateByteRange 1-255" "id:2,phase:2,pass,t:none,t:urlDecodeUni"
        SecRule ARGS "@detectSQLi" "id:3,phase:2,pass,t:none,t:urlDecodeUni"
        """;
    WafEngine screened = WafEngine.load(WafConfig.builder().text("bytes.conf", rules).build());
    WafEngine unscreened = WafEngine.load(WafConfig.builder().text("bytes.conf", rules).shortcuts(false).build());
    RuleSet ruleSet = screened.ruleSet();
    RuleScreens screens = RuleScreens.of(ruleSet);

    RuleScreens.Screen xss = screens.screen(screens.of(2, position(ruleSet, 1))[0]);
    assertThat(xss.union()).as("nothing to scan").isNull();
    assertThat(holds(xss.needed(), '<')).isTrue();
    assertThat(holds(xss.needed(), '=')).isTrue();
    assertThat(holds(xss.triggers(), '&')).as("t:htmlEntityDecode can make a < of &lt;").isTrue();
    assertThat(holds(xss.triggers(), 'a')).isFalse();
    RuleScreens.Screen nul = screens.screen(screens.of(2, position(ruleSet, 2))[0]);
    assertThat(holds(nul.needed(), '\0')).isTrue();
    assertThat(holds(nul.needed(), 'a')).isFalse();
    assertThat(screens.of(2, position(ruleSet, 3))).as("no byte every SQL injection holds").isNull();
    for (String query : List.of("q=Margaret", "q=%3Cscript%3E", "q=%26lt%3Bsvg", "q=a%3Db", "q=A%2500B", "q=A%00B",
        "q=1%27%20or%201%3D1--", "q=thank+you")) {
      Transaction a = run(screened, "GET", "/?" + query, List.of(), null);
      Transaction b = run(unscreened, "GET", "/?" + query, List.of(), null);
      assertThat(ids(a)).as(query).isEqualTo(ids(b));
    }
    assertThat(ids(run(screened, "GET", "/?q=%26lt%3Bscript%26gt%3B", List.of(), null))).contains(1);
    assertThat(ids(run(screened, "GET", "/?q=A%2500B", List.of(), null))).contains(2);
    assertThat(ids(run(screened, "GET", "/?q=Margaret", List.of(), null))).isEmpty();
  }

  @Test
  void rulesBehindASkipDoNotShareAScreenWithRulesBeforeIt() throws Exception {
    RuleSet rules = ruleSet();
    RuleScreens screens = RuleScreens.of(rules);

    int[] before = screens.of(2, position(rules, 1));
    int[] behind = screens.of(2, position(rules, 10));
    assertThat(behind).hasSize(1).doesNotContain(before[0]);
  }

  @Test
  void screeningChangesNoMatchAndNoVariable() throws Exception {
    WafEngine screened = WafEngine.load(WafConfig.builder().text("screens.conf", RULES).build());
    WafEngine unscreened = WafEngine.load(WafConfig.builder().text("screens.conf", RULES).shortcuts(false).build());
    List<String> uris = List.of("/?q=garden", "/?q=1%20UNION%20select%20x", "/?a=../etc&b=%3Cscript%3E",
        "/?a=x&b=y&c=z", "/?q=this%20or%20that", "/?q=", "/?q=A%00B", "/?level=1");

    for (String uri : uris) {
      for (String userAgent : List.of("curl/8", "../../x")) {
        Transaction a = run(screened, "GET", uri, List.<String[]>of(new String[] {"User-Agent", userAgent}), null);
        Transaction b = run(unscreened, "GET", uri, List.<String[]>of(new String[] {"User-Agent", userAgent}), null);

        assertThat(ids(a)).as("%s with %s", uri, userAgent).isEqualTo(ids(b));
        assertThat(a.matchedRules()).extracting(m -> m.matches().toString())
            .isEqualTo(b.matchedRules().stream().map(m -> m.matches().toString()).toList());
        for (String variable : List.of("score", "path", "0")) {
          assertThat(a.variable("TX", variable)).as("TX:%s", variable).isEqualTo(b.variable("TX", variable));
        }
      }
    }
  }

  @Test
  void aScreenSeesValuesThatChangedSinceItLastLooked() throws Exception {
    // Phase 1 rules read the headers; phase 2 rules on ARGS run after the body added ARGS_POST values.
    WafEngine engine = WafEngine.load(WafConfig.builder().text("t.conf", """
        SecRequestBodyAccess On
        SecRule ARGS "@rx evil" "id:1,phase:1,pass,t:none"
        SecRule ARGS "@rx evil" "id:2,phase:2,pass,t:none"
        SecRule ARGS "@rx wicked" "id:3,phase:2,pass,t:none"
        """).build());

    Transaction tx = run(engine, "POST", "/?q=fine",
        List.<String[]>of(new String[] {"Content-Type", "application/x-www-form-urlencoded"}), "b=evil");

    assertThat(ids(tx)).containsExactly(2);
  }
}
