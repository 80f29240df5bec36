package io.meshward.waf.engine;

import static io.meshward.waf.engine.Requests.assertShortcutsChangeNothing;
import static io.meshward.waf.engine.Requests.engine;
import static io.meshward.waf.engine.Requests.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.waf.Transaction;
import io.meshward.waf.WafConfig;
import io.meshward.waf.WafEngine;
import io.meshward.waf.rules.Rule;
import io.meshward.waf.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettledRulesTest {
  /** A prelude that sets a level, guards on it in phase 2, and rules behind the guards. */
  private static final String GUARDED = """
      SecAction "id:1,phase:1,pass,nolog,setvar:tx.crs_setup_version=4280"
      SecRule &TX:level "@eq 0" "id:2,phase:1,pass,nolog,setvar:tx.level=1"
      SecRule &TX:limit "@eq 0" "id:3,phase:1,pass,nolog,setvar:tx.limit=5,setvar:tx.score=0"
      SecRule TX:level "@lt 1" "id:10,phase:2,pass,nolog,skipAfter:END-LEVEL-1"
      SecRule ARGS "@rx attack" "id:11,phase:2,pass,setvar:tx.score=+5"
      SecMarker END-LEVEL-1
      SecRule TX:level "@lt 2" "id:12,phase:2,pass,nolog,skipAfter:END-LEVEL-2"
      SecRule ARGS "@rx suspicious" "id:13,phase:2,pass,setvar:tx.score=+5"
      SecMarker END-LEVEL-2
      SecRule TX:level "@eq 1" "id:14,phase:2,pass,log,msg:'level %{tx.level}: %{MATCHED_VAR_NAME}',severity:5"
      SecRule MATCHED_VAR "@rx ." "id:15,phase:2,pass,nolog,setvar:tx.last=%{MATCHED_VAR}"
      SecRule TX:score "@ge %{tx.limit}" "id:16,phase:2,deny,status:403"
      """;

  private static Shortcuts shortcuts(WafEngine engine) {
    RuleSet rules = engine.ruleSet();
    return Shortcuts.of(rules, new StandardBodyProcessing(rules.settings()));
  }

  /** The ids of the settled rules. */
  private static List<Integer> settled(String rules) throws Exception {
    WafEngine engine = engine(rules, false);
    SettledRules settled = shortcuts(engine).settled();
    List<Integer> ids = new ArrayList<>();
    for (int phase = 1; phase <= 5; phase++) {
      List<Rule> phaseRules = engine.ruleSet().phase(phase);
      for (int position = 0; position < phaseRules.size(); position++) {
        if (settled.of(phase, position) != null) {
          ids.add(phaseRules.get(position).id());
        }
      }
    }
    return ids;
  }

  private static List<String[]> host() {
    return List.<String[]>of(new String[] {"Host", "example.org"});
  }

  @Test
  void rulesThatReadOnlyKeysThePreludeAloneWritesAreSettled() throws Exception {
    assertThat(settled(GUARDED)).containsExactly(10, 12, 14);
  }

  @Test
  void aSettledRuleDoesWhatItsEvaluationWouldHaveDone() throws Exception {
    for (String uri : List.of("/?q=benign", "/?q=attack", "/?q=suspicious", "/?a=attack&b=attack")) {
      assertShortcutsChangeNothing(GUARDED, uri, host());
    }
    Transaction tx = Requests.get(engine(GUARDED, true), "/?q=suspicious");
    assertThat(ids(tx)).as("12 skips 13; 14 matches and sets MATCHED_VAR for 15").containsExactly(1, 2, 3, 12, 14, 15);
    assertThat(tx.variable("TX", "last")).hasValue("1");
    assertThat(tx.matchedRules().get(4).message()).isEqualTo("level 1: TX:level");
    assertThat(tx.variable("HIGHEST_SEVERITY", null)).hasValue("5");
  }

  @Test
  void aKeyThatAnotherRuleCouldWriteIsNotSettled() throws Exception {
    assertThat(settled(GUARDED + "SecAction \"id:20,phase:2,pass,setvar:tx.level=3\"\n")).containsExactly();
    assertThat(settled(GUARDED + "SecAction \"id:20,phase:2,pass,setvar:tx.lev%{tx.limit}=3\"\n"))
        .as("a setvar name whose macros could expand to the key").containsExactly();
    assertThat(settled(GUARDED + "SecAction \"id:20,phase:2,pass,setvar:tx.other_%{tx.limit}=3\"\n"))
        .as("one that could not").containsExactly(10, 12, 14);
    assertThat(settled(GUARDED + "SecAction \"id:20,phase:2,pass,setvar:tx.%{tx.limit}=3\"\n"))
        .as("one that could write any key").containsExactly();
    assertThat(settled(GUARDED + "SecAction \"id:20,phase:2,pass,setvar:!tx.level\"\n"))
        .as("a deletion writes too").containsExactly();
  }

  @Test
  void rulesThatDoMoreThanMatchAndSkipAreEvaluated() throws Exception {
    String prelude = """
        SecAction "id:1,phase:1,pass,nolog,setvar:tx.level=1,setvar:tx.limit=5"
        SecAction "id:2,phase:1,pass,nolog,setvar:tx.other=1"
        """;
    assertThat(settled(prelude + "SecRule TX:level \"@eq 1\" \"id:10,phase:2,pass,setvar:tx.x=1\"")).isEmpty();
    assertThat(settled(prelude + "SecRule TX:level \"@eq 1\" \"id:10,phase:2,deny\"")).isEmpty();
    assertThat(settled(prelude + "SecRule TX:level \"@rx (1)\" \"id:10,phase:2,pass,capture\"")).isEmpty();
    assertThat(settled(prelude + "SecRule TX:level \"@eq 1\" \"id:10,phase:2,pass,chain\"\n"
        + "  SecRule TX:limit \"@eq 5\" \"t:none\"")).isEmpty();
    assertThat(settled(prelude + "SecRule TX:level|ARGS \"@eq 1\" \"id:10,phase:2,pass\"")).isEmpty();
    assertThat(settled(prelude + "SecRule TX:level \"@eq %{REQUEST_HEADERS.x}\" \"id:10,phase:2,pass\""))
        .isEmpty();
    assertThat(settled(prelude + "SecRule TX:level \"@eq 1\" \"id:10,phase:2,pass,msg:'%{REQUEST_URI}'\""))
        .isEmpty();
    assertThat(settled(prelude + "SecRule TX:level \"@eq %{tx.limit}\" \"id:10,phase:2,pass,msg:'%{tx.other}'\""))
        .containsExactly(10);
  }

  @Test
  void aRuleThatDoesNotMatchIsSettledWhateverItWouldDoOnAMatch() throws Exception {
    String rules = """
        SecAction "id:1,phase:1,pass,nolog,setvar:tx.level=1,setvar:tx.limit=5"
        SecAction "id:2,phase:1,pass,nolog,setvar:tx.score=0"
        SecRule TX:level "@ge 2" "id:10,phase:2,pass,setvar:tx.score=+5"
        SecRule TX:level "@eq 2" "id:11,phase:2,deny,status:403"
        SecRule TX:level "@eq 2" "id:12,phase:2,pass,chain"
          SecRule ARGS "@rx ." "setvar:tx.score=+1"
        SecRule &TX:enabled "@eq 1" "id:13,phase:2,pass,chain"
          SecRule ARGS "@rx ." "setvar:tx.score=+1"
        SecRule &TX:level "@eq 1" "id:14,phase:2,pass,nolog"
        SecRule TX:level "@eq 1" "id:15,phase:2,pass,setvar:tx.score=+2"
        """;
    assertThat(settled(rules)).as("15 matches and writes: evaluated").containsExactly(10, 11, 12, 13, 14);
    for (String uri : List.of("/", "/?a=b")) {
      assertShortcutsChangeNothing(rules, uri, host());
    }
    assertThat(ids(Requests.get(engine(rules, true), "/?a=b"))).containsExactly(1, 2, 14, 15);
  }

  @Test
  void aTransactionThatRanThePreludeItselfEvaluatesSettledRulesToo() throws Exception {
    // The first rule removes one of the prelude's: the transaction runs the prelude itself, TX has no level, and
    // rule 10, settled as a match, must not match.
    String rules = """
        SecRule REQUEST_HEADERS:X-Drop "@rx ." "id:5,phase:1,pass,nolog,ctl:ruleRemoveById=2"
        SecAction "id:1,phase:1,pass,nolog,setvar:tx.limit=5"
        SecRule &TX:level "@eq 0" "id:2,phase:1,pass,nolog,setvar:tx.level=1"
        SecRule TX:level "@eq 1" "id:10,phase:2,pass,log"
        """;
    assertThat(settled(rules)).containsExactly(10);
    List<String[]> drop = List.<String[]>of(new String[] {"X-Drop", "yes"});
    assertShortcutsChangeNothing(rules, "/", drop);
    assertThat(ids(Requests.run(engine(rules, true), "GET", "/", drop, null))).containsExactly(5, 1);
    assertThat(ids(Requests.run(engine(rules, true), "GET", "/", host(), null))).containsExactly(1, 2, 10);
  }

  @Test
  void aSettledRuleWhoseTargetACtlRemovedIsEvaluated() throws Exception {
    String rules = """
        SecAction "id:1,phase:1,pass,nolog,setvar:tx.level=1,setvar:tx.limit=5"
        SecAction "id:2,phase:1,pass,nolog,setvar:tx.other=1"
        SecRule REQUEST_HEADERS:X-Drop "@rx ." "id:5,phase:1,pass,nolog,ctl:ruleRemoveTargetById=10;TX:level"
        SecRule TX:level "@eq 1" "id:10,phase:2,pass,log"
        """;
    assertThat(settled(rules)).containsExactly(10);
    List<String[]> drop = List.<String[]>of(new String[] {"X-Drop", "yes"});
    assertShortcutsChangeNothing(rules, "/", drop);
    assertThat(ids(Requests.run(engine(rules, true), "GET", "/", drop, null))).containsExactly(1, 2, 5);
  }

  @Test
  void crsParanoiaLevelGuardsAreSettledAndItsScoresAreNot() throws Exception {
    RuleSet crs = WafEngine.load(WafConfig.builder().crs(SharedData.crsV4()).build()).ruleSet();
    Shortcuts shortcuts = Shortcuts.of(crs, new StandardBodyProcessing(crs.settings()));
    List<Integer> settled = new ArrayList<>();
    for (int phase = 1; phase <= 5; phase++) {
      List<Rule> rules = crs.phase(phase);
      for (int position = 0; position < rules.size(); position++) {
        if (shortcuts.settled().of(phase, position) != null) {
          settled.add(rules.get(position).id());
        }
      }
    }
    assertThat(settled).hasSizeGreaterThan(150).contains(911011, 911012, 911013, 942011, 942018, 959011, 980041)
        .as("at PL1, the rules that add PL2's scores do not match").contains(949053, 959053)
        .as("a chain whose first link counts a setting").contains(901320, 920370);
    assertThat(settled).as("they read a score").doesNotContain(949110, 959100, 980170)
        .as("at PL1, it matches and adds PL1's score").doesNotContain(949052);
    SettledRules.TxWriters writers = SettledRules.TxWriters.of(crs, shortcuts.prelude());
    assertThat(List.of("detection_paranoia_level", "blocking_paranoia_level", "enable_default_collections"))
        .noneMatch(writers::mayWrite);
    assertThat(List.of("blocking_inbound_anomaly_score", "inbound_anomaly_score_pl1", "anomaly_score",
        "header_name_920450_host", "0")).allMatch(writers::mayWrite);
  }
}
