package io.meshward.waf.engine;

import static io.meshward.waf.engine.Requests.engine;
import static io.meshward.waf.engine.Requests.get;
import static io.meshward.waf.engine.Requests.ids;
import static io.meshward.waf.engine.Requests.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshward.waf.MatchedRule;
import io.meshward.waf.RuleLoadException;
import io.meshward.waf.Transaction;
import io.meshward.waf.WafEngine;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The SecLang semantics the CRS relies on, one at a time. */
class RuleSemanticsTest {

  @Nested
  class Targets {
    @Test
    void aRuleMatchesEachValueOfItsTargetsAndRecordsWhatMatched() throws Exception {
      WafEngine engine = engine("""
          SecRule ARGS "@rx attack" "id:1,phase:1,pass,log,msg:'found %{MATCHED_VAR_NAME}'"
          """);

      Transaction tx = get(engine, "/p?a=fine&b=attack-here&c=attack");

      MatchedRule rule = tx.matchedRules().get(0);
      assertThat(rule.id()).isEqualTo(1);
      assertThat(rule.matches()).extracting(m -> m.name()).containsExactly("ARGS:b", "ARGS:c");
      assertThat(rule.message()).isEqualTo("found ARGS:b");
    }

    @Test
    void exclusionsAndKeyRegexesNarrowTheTargets() throws Exception {
      WafEngine engine = engine("""
          SecRule ARGS|!ARGS:safe "@rx x" "id:1,phase:1,pass"
          SecRule ARGS:/^pre_/ "@rx x" "id:2,phase:1,pass"
          SecRule REQUEST_HEADERS:user-agent "@rx x" "id:3,phase:1,pass"
          """);

      Transaction tx = run(engine, "GET", "/?safe=x&pre_a=x", List.<String[]>of(new String[] {"User-Agent", "x"}), null);

      assertThat(tx.matchedRules().get(0).matches()).extracting(m -> m.key()).containsExactly("pre_a");
      assertThat(ids(tx)).containsExactly(1, 2, 3);
    }

    @Test
    void aTargetSeesWhatEarlierRulesWroteEvenWhenItsValuesWereReadBefore() throws Exception {
      WafEngine engine = engine("""
          SecAction "id:1,phase:1,pass,setvar:tx.seen_a=1"
          SecRule &TX:/^seen_/ "@eq 1" "id:2,phase:1,pass"
          SecRule ARGS "@rx ." "id:3,phase:1,pass,setvar:'tx.seen_%{MATCHED_VAR}=1'"
          SecRule &TX:/^seen_/ "@eq 3" "id:4,phase:1,pass"
          SecRule TX:/^seen_/ "@streq 1" "id:5,phase:1,pass,setvar:!tx.seen_a"
          SecRule &TX:/^seen_/ "@eq 2" "id:6,phase:1,pass"
          """);

      Transaction tx = get(engine, "/?p=b&q=c");

      assertThat(ids(tx)).containsExactly(1, 2, 3, 4, 5, 6);
      // Rule 5 deleted tx.seen_a while going through its values: it still saw all three, as the reference does.
      assertThat(tx.matchedRules().get(4).matches()).extracting(m -> m.key())
          .containsExactly("seen_a", "seen_b", "seen_c");
    }

    @Test
    void countingSeesTheNumberOfValues() throws Exception {
      WafEngine engine = engine("""
          SecRule &ARGS "@eq 3" "id:1,phase:1,pass"
          SecRule &REQUEST_HEADERS:X-Missing "@eq 0" "id:2,phase:1,pass"
          """);

      assertThat(ids(get(engine, "/?a=1&b=2&c=3"))).containsExactly(1, 2);
      assertThat(ids(get(engine, "/?a=1"))).containsExactly(2);
    }

    @Test
    void aCountIsReadAgainWhenItChangesAndMatchesUnderItsSelectorsName() throws Exception {
      WafEngine engine = engine("""
          SecRule &TX:seen "@eq 0" "id:1,phase:1,pass,setvar:tx.seen=1,msg:'%{MATCHED_VAR_NAME}=%{MATCHED_VAR}'"
          SecRule &TX:seen "@eq 1" "id:2,phase:1,pass,setvar:tx.seen=2,msg:'%{MATCHED_VAR_NAME}=%{MATCHED_VAR}'"
          SecRule &TX:seen "@eq 1" "id:3,phase:1,pass,msg:'%{MATCHED_VAR_NAME}=%{MATCHED_VAR}'"
          SecRule &TX:seen "@eq 0" "id:4,phase:1,pass"
          """);

      Transaction tx = get(engine, "/");

      assertThat(ids(tx)).containsExactly(1, 2, 3);
      assertThat(tx.matchedRules()).extracting(MatchedRule::message)
          .containsExactly("TX:seen=0", "TX:seen=1", "TX:seen=1");
    }

    @Test
    void anUnsetScalarIsSeenAsEmpty() throws Exception {
      WafEngine engine = engine("SecRule REQBODY_PROCESSOR \"!@rx (?:URLENCODED|JSON)\" \"id:1,phase:1,pass\"");

      assertThat(ids(get(engine, "/"))).containsExactly(1);
    }
  }

  @Nested
  class Actions {
    @Test
    void setvarSetsAddsAndDeletesAndMacrosReadIt() throws Exception {
      WafEngine engine = engine("""
          SecAction "id:1,phase:1,pass,nolog,setvar:tx.score=2,setvar:tx.flag"
          SecRule ARGS "@rx ." "id:2,phase:1,pass,setvar:tx.score=+%{tx.flag}"
          SecAction "id:3,phase:1,pass,setvar:!tx.flag"
          """);

      Transaction tx = get(engine, "/?a=1&b=2");

      assertThat(tx.variable("TX", "score")).hasValue("4");
      assertThat(tx.variable("TX", "flag")).isEmpty();
    }

    @Test
    void capturePutsRegexGroupsInTx() throws Exception {
      WafEngine engine = engine("""
          SecRule ARGS:q "@rx ^(\\w+)-(\\d+)$" "id:1,phase:1,pass,capture,setvar:tx.word=%{tx.1},setvar:tx.n=%{tx.2}"
          """);

      Transaction tx = get(engine, "/?q=abc-42");

      assertThat(tx.variable("TX", "word")).hasValue("abc");
      assertThat(tx.variable("TX", "n")).hasValue("42");
      assertThat(tx.variable("TX", "0")).hasValue("abc-42");
    }

    @Test
    void transformationsRunInOrderAndNoneResetsThem() throws Exception {
      WafEngine engine = engine("""
          SecRule ARGS "@streq select" "id:1,phase:1,pass,t:none,t:urlDecodeUni,t:lowercase"
          SecRule ARGS "@streq select" "id:2,phase:1,pass,t:lowercase,t:none"
          """);

      assertThat(ids(get(engine, "/?a=SEL%45CT"))).containsExactly(1);
    }

    @Test
    void ctlRemovesRulesAndTargetsForThisTransactionOnly() throws Exception {
      WafEngine engine = engine("""
          SecRule REQUEST_URI "@beginsWith /admin" "id:1,phase:1,pass,nolog,ctl:ruleRemoveById=10-19,ctl:ruleRemoveTargetById=20;ARGS:token"
          SecRule ARGS "@rx x" "id:10,phase:1,pass"
          SecRule ARGS "@rx x" "id:20,phase:1,pass"
          """);

      assertThat(ids(get(engine, "/admin?token=x"))).containsExactly(1);
      assertThat(ids(get(engine, "/admin?other=x"))).containsExactly(1, 20);
      assertThat(ids(get(engine, "/user?token=x"))).containsExactly(10, 20);
    }

    @Test
    void ctlRemovesTargetsByTagByMessageByIdRangeAndFromAMacro() throws Exception {
      WafEngine engine = engine("""
          SecRule REQUEST_URI "@beginsWith /tag" "id:1,phase:1,pass,nolog,ctl:ruleRemoveTargetByTag=perf;ARGS:token"
          SecRule REQUEST_URI "@beginsWith /msg" "id:2,phase:1,pass,nolog,ctl:ruleRemoveTargetByMsg=Probe;ARGS"
          SecRule REQUEST_URI "@beginsWith /range" "id:3,phase:1,pass,nolog,ctl:ruleRemoveTargetById=21-22;ARGS:/^tok/"
          SecRule ARGS:rid "@rx ^\\d+$" "id:4,phase:1,pass,nolog,ctl:ruleRemoveTargetById=%{MATCHED_VAR};ARGS:token"
          SecRule REQUEST_URI "@beginsWith /none" "id:5,phase:1,pass,nolog,ctl:ruleRemoveTargetByTag=nothing;ARGS"
          SecRule ARGS "@rx x" "id:20,phase:1,pass,tag:'perf',msg:'Probe'"
          SecRule ARGS "@rx x" "id:21,phase:1,pass,tag:'perf'"
          SecRule ARGS "@rx x" "id:22,phase:1,pass"
          """);

      assertThat(ids(get(engine, "/tag?token=x"))).containsExactly(1, 22);
      assertThat(ids(get(engine, "/tag?other=x"))).containsExactly(1, 20, 21, 22);
      assertThat(ids(get(engine, "/msg?token=x"))).containsExactly(2, 21, 22);
      assertThat(ids(get(engine, "/range?token=x&other=x"))).containsExactly(3, 20, 21, 22);
      assertThat(ids(get(engine, "/range?token=x"))).containsExactly(3, 20);
      assertThat(ids(get(engine, "/p?rid=21&token=x"))).containsExactly(4, 20, 22);
      assertThat(ids(get(engine, "/none?token=x"))).containsExactly(5, 20, 21, 22);
      assertThat(ids(get(engine, "/tag?rid=22&token=x"))).containsExactly(1, 4);
    }
  }

  @Nested
  class Flow {
    @Test
    void aChainMatchesOnlyWhenEveryLinkMatchesAndSeesTheLinksMatches() throws Exception {
      WafEngine engine = engine("""
          SecRule REQUEST_METHOD "@streq POST" "id:1,phase:2,pass,msg:'%{MATCHED_VAR}',chain"
            SecRule ARGS:a "@rx ^1$" "chain"
            SecRule ARGS:b "@rx ^2$"
          """);

      Transaction both = run(engine, "POST", "/?a=1&b=2", List.of(), null);
      Transaction one = run(engine, "POST", "/?a=1&b=3", List.of(), null);

      assertThat(ids(both)).containsExactly(1);
      assertThat(both.matchedRules().get(0).message()).isEqualTo("2");
      assertThat(both.matchedRules().get(0).matches()).hasSize(3);
      assertThat(ids(one)).isEmpty();
    }

    @Test
    void skipAfterJumpsToItsMarker() throws Exception {
      WafEngine engine = engine("""
          SecRule ARGS:pl "@lt 2" "id:1,phase:1,pass,nolog,skipAfter:END-PL2"
          SecRule ARGS "@rx ." "id:2,phase:1,pass"
          SecMarker "END-PL2"
          SecRule ARGS "@rx ." "id:3,phase:1,pass"
          """);

      assertThat(ids(get(engine, "/?pl=1"))).containsExactly(1, 3);
      assertThat(ids(get(engine, "/?pl=2"))).containsExactly(2, 3);
    }

    @Test
    void skipAfterLandsOnTheNextMarkerOfThatNameNotAnEarlierOne() throws Exception {
      WafEngine engine = engine("""
          SecMarker "END"
          SecRule ARGS "@rx ." "id:1,phase:1,pass,skipAfter:END"
          SecRule ARGS "@rx ." "id:2,phase:1,pass"
          SecMarker "END"
          SecRule ARGS "@rx ." "id:3,phase:1,pass,skipAfter:END"
          SecRule ARGS "@rx ." "id:4,phase:1,pass"
          SecMarker "END"
          SecRule ARGS "@rx ." "id:5,phase:1,pass"
          """);

      assertThat(ids(get(engine, "/?a=1"))).containsExactly(1, 3, 5);
    }

    @Test
    void skipAfterWithoutItsMarkerInThePhaseSkipsTheRestAndGoesOnInTheNextPhase() throws Exception {
      WafEngine engine = engine("""
          SecRule ARGS "@rx ." "id:1,phase:1,pass,skipAfter:LATER"
          SecRule ARGS "@rx ." "id:2,phase:1,pass"
          SecRule ARGS "@rx ." "id:3,phase:2,pass"
          SecMarker "LATER"
          SecRule ARGS "@rx ." "id:4,phase:2,pass"
          """);

      // Markers stand in every phase: phase 1's skip lands on LATER in phase 1's list, past rule 2 only.
      assertThat(ids(get(engine, "/?a=1"))).containsExactly(1, 3, 4);
    }

    @Test
    void denyInterruptsWhenTheEngineIsOnAndOnlyLogsInDetectionOnly() throws Exception {
      String rules = "SecRule ARGS \"@rx evil\" \"id:1,phase:1,deny,status:406\"\n"
          + "SecRule ARGS \"@rx .\" \"id:2,phase:2,pass\"\n";

      Transaction on = get(engine("SecRuleEngine On\n" + rules), "/?q=evil");
      Transaction detect = get(engine("SecRuleEngine DetectionOnly\n" + rules), "/?q=evil");

      assertThat(on.interruption()).hasValueSatisfying(i -> {
        assertThat(i.status()).isEqualTo(406);
        assertThat(i.ruleId()).isEqualTo(1);
      });
      assertThat(ids(on)).containsExactly(1);
      assertThat(detect.interruption()).isEmpty();
      assertThat(ids(detect)).containsExactly(1, 2);
    }

    @Test
    void aRequestDecidedElsewhereIsInspectedButOnlyTheResponsePhasesInterrupt() throws Exception {
      WafEngine engine = engine("""
          SecRuleEngine On
          SecRule ARGS "@rx evil" "id:1,phase:2,deny,status:403,setvar:tx.seen=1"
          SecRule TX:seen "@eq 1" "id:2,phase:3,pass"
          SecRule RESPONSE_STATUS "@streq 500" "id:3,phase:3,deny,status:403"
          """);

      Transaction ok = decidedElsewhere(engine, "/?q=evil", 200);
      Transaction failing = decidedElsewhere(engine, "/?q=evil", 500);

      // The request's rule matched and set up what the response rules read, but did not interrupt.
      assertThat(ids(ok)).containsExactly(1, 2);
      assertThat(ok.interruption()).isEmpty();
      assertThat(ids(failing)).containsExactly(1, 2, 3);
      assertThat(failing.interruption()).hasValueSatisfying(i -> assertThat(i.ruleId()).isEqualTo(3));
      // Without the call, the same request is denied in phase 2.
      assertThat(get(engine, "/?q=evil").interruption())
          .hasValueSatisfying(i -> assertThat(i.ruleId()).isEqualTo(1));
    }

    /** A GET whose request phases another component decided on, answered with {@code status}. */
    private Transaction decidedElsewhere(WafEngine engine, String uri, int status) {
      Transaction tx = engine.newTransaction("decided-" + status);
      tx.requestDecidedElsewhere();
      tx.processUri(uri, "GET", "HTTP/1.1");
      tx.processRequestHeaders();
      tx.processRequestBody();
      tx.processResponseHeaders(status, "HTTP/1.1");
      return tx;
    }

    @Test
    void blockUsesTheDisruptiveActionOfThePhaseDefault() throws Exception {
      WafEngine engine = engine("""
          SecRuleEngine On
          SecDefaultAction "phase:1,log,deny,status:403"
          SecRule ARGS "@rx evil" "id:1,phase:1,block"
          """);

      assertThat(get(engine, "/?q=evil").interruption()).isPresent();
    }
  }

  @Nested
  class Loading {
    @Test
    void problemsNameTheFileTheLineAndTheDirective() {
      assertThatThrownBy(() -> engine("SecRuleEngine On\nSecRule ARGS \"@nosuch x\" \"id:1\""))
          .isInstanceOf(RuleLoadException.class)
          .hasMessageContaining("test.conf:2")
          .hasMessageContaining("SecRule")
          .hasMessageContaining("nosuch");
      assertThatThrownBy(() -> engine("SecFrobnicate On"))
          .hasMessageContaining("test.conf:1").hasMessageContaining("unknown directive");
      assertThatThrownBy(() -> engine("SecRule NOT_A_VAR \"@rx x\" \"id:1\""))
          .hasMessageContaining("unknown variable 'NOT_A_VAR'");
      assertThatThrownBy(() -> engine("SecRule ARGS \"@rx x\" \"id:1,frobnicate\""))
          .hasMessageContaining("unknown action 'frobnicate'");
      assertThatThrownBy(() -> engine("SecRule ARGS \"@rx (\" \"id:1\""))
          .hasMessageContaining("test.conf:1");
      assertThatThrownBy(() -> engine("SecRule ARGS \"@rx x\" \"id:1,chain\""))
          .hasMessageContaining("chain");
      assertThatThrownBy(() -> engine("SecRule ARGS \"@rx x\" \"id:1\"\nSecRule ARGS \"@rx y\" \"id:1\""))
          .hasMessageContaining("duplicate rule id 1");
      assertThatThrownBy(() -> engine("SecRuleScript /etc/rules/check.lua \"block\""))
          .hasMessageContaining("test.conf:1").hasMessageContaining("SecRuleScript is not supported");
    }

    @Test
    void theDocumentedNoOpDirectivesLoadAndChangeNothing() throws Exception {
      WafEngine engine = engine("""
          SecAuditLog /var/log/modsec_audit.log
          SecDebugLogLevel 0
          SecTmpDir /tmp
          SecPcreMatchLimit 1000
          SecRule ARGS "@rx x" "id:1,phase:1,pass"
          """);

      assertThat(engine.ruleCount()).isEqualTo(1);
      assertThat(ids(get(engine, "/?a=x"))).containsExactly(1);
    }

    @Test
    void updateTargetByIdAddsExclusionsToALoadedRule() throws Exception {
      WafEngine engine = engine("""
          SecRule ARGS "@rx x" "id:1,phase:1,pass"
          SecRuleUpdateTargetById 1 "!ARGS:password"
          """);

      assertThat(ids(get(engine, "/?password=x"))).isEmpty();
      assertThat(ids(get(engine, "/?user=x"))).containsExactly(1);
    }
  }
}
