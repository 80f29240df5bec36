package io.meshward.waf.engine;

import static io.meshward.waf.engine.Requests.assertShortcutsChangeNothing;
import static io.meshward.waf.engine.Requests.engine;
import static io.meshward.waf.engine.Requests.get;
import static io.meshward.waf.engine.Requests.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.waf.MatchedRule;
import io.meshward.waf.Transaction;
import io.meshward.waf.WafConfig;
import io.meshward.waf.WafEngine;
import io.meshward.waf.rules.RuleSet;
import io.meshward.waf.variables.Entry;
import io.meshward.waf.variables.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreludeTest {
  /** The ids of the rules of the prelude. */
  private static List<Integer> prelude(String rules) throws Exception {
    return prelude(engine(rules, false).ruleSet());
  }

  private static List<Integer> prelude(RuleSet rules) {
    int[] run = Prelude.longestRun(rules.phase(1));
    return rules.phase(1).subList(run[0], run[1]).stream().map(rule -> rule.id()).toList();
  }

  /** TX as the transaction holds it: key=value per entry, in order. */
  private static List<String> tx(Transaction tx) {
    return ((RuntimeTransaction) tx).store.collection(Variable.TX).all().stream()
        .map(entry -> entry.key() + "=" + entry.value()).toList();
  }

  @Test
  void crsInitialisationIsThePreludeUpToTheFirstRuleThatReadsTheRequest() throws Exception {
    RuleSet crs = WafEngine.load(WafConfig.builder().crs(SharedData.crsV4()).build()).ruleSet();
    assertThat(prelude(crs)).startsWith(900990, 901001, 901100).contains(901170).endsWith(901200);

    // ModSecurity's recommended body-processor rules come first in most set-ups: they read the request, and write
    // no TX, so the prelude follows them.
    RuleSet recommended = WafEngine.load(WafConfig.builder().text("recommended", """
        SecRule REQUEST_HEADERS:Content-Type "@rx ^application/json" \\
            "id:200001,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=JSON"
        """).crs(SharedData.crsV4()).build()).ruleSet();
    assertThat(prelude(recommended)).startsWith(900990).endsWith(901200);
  }

  @Test
  void aTransactionStartsFromWhatThePreludeLeftAndEndsAsIfItHadRunItself() throws Exception {
    String rules = """
        SecAction "id:1,phase:1,pass,nolog,setvar:tx.level=2,setvar:tx.score=0"
        SecRule &TX:limit "@eq 0" "id:2,phase:1,pass,log,msg:'default limit for level %{tx.level}',severity:4,setvar:tx.limit=10"
        SecRule TX:level "@rx ^(\\d)$" "id:3,phase:1,pass,capture,setvar:tx.copy=%{tx.1}-%{rule.id}"
        SecRule REQUEST_HEADERS:X-Level "@rx ." "id:4,phase:1,pass,setvar:tx.level=%{MATCHED_VAR}"
        SecRule ARGS "@rx attack" "id:5,phase:2,pass,setvar:tx.score=+5"
        SecRule TX:score "@ge %{tx.limit}" "id:6,phase:2,deny,status:403"
        """;
    assertThat(prelude(rules)).containsExactly(1, 2, 3);

    List<String[]> headers = List.<String[]>of(new String[] {"Host", "example.org"});
    for (String uri : List.of("/?q=benign", "/?a=attack&b=attack", "/?a=attack")) {
      assertShortcutsChangeNothing(rules, uri, headers);
    }
    Transaction attacked = get(engine(rules, true), "/?a=attack&b=attack");
    assertThat(attacked.interruption()).isPresent();
    assertThat(tx(attacked)).contains("level=2", "limit=10", "copy=2-3", "score=10");
    assertThat(attacked.matchedRules()).extracting(MatchedRule::message).contains("default limit for level 2");
  }

  @Test
  void transactionsDoNotShareWhatThePreludeLeft() throws Exception {
    WafEngine engine = engine("""
        SecAction "id:1,phase:1,pass,nolog,setvar:tx.score=0"
        SecRule ARGS "@rx attack" "id:2,phase:2,pass,setvar:tx.score=+5"
        """, true);
    Transaction first = get(engine, "/?a=attack");
    Transaction second = get(engine, "/?a=benign");

    assertThat(tx(first)).containsExactly("score=5");
    assertThat(tx(second)).containsExactly("score=0");
    Entry firstEntry = ((RuntimeTransaction) first).store.collection(Variable.TX).entryAt(0);
    Entry secondEntry = ((RuntimeTransaction) second).store.collection(Variable.TX).entryAt(0);
    assertThat(firstEntry).isNotSameAs(secondEntry);
  }

  @Test
  void aRuleThatReadsOrTouchesAnythingButTxEndsThePrelude() throws Exception {
    String first = "SecAction \"id:1,phase:1,pass,nolog,setvar:tx.a=1\"\n"
        + "SecAction \"id:2,phase:1,pass,nolog,setvar:tx.b=1\"\n";
    assertThat(prelude(first + "SecRule REQUEST_URI \"@rx x\" \"id:3,phase:1,pass\"")).containsExactly(1, 2);
    assertThat(prelude(first + "SecAction \"id:3,phase:1,pass,setvar:tx.host=%{REQUEST_HEADERS.host}\""))
        .as("a macro that reads the request").containsExactly(1, 2);
    assertThat(prelude(first + "SecRule TX:a \"@streq %{REMOTE_ADDR}\" \"id:3,phase:1,pass\""))
        .as("an operator argument that reads the request").containsExactly(1, 2);
    assertThat(prelude(first + "SecAction \"id:3,phase:1,pass,setvar:tx.v=%{MATCHED_VAR}\""))
        .as("MATCHED_VAR: a rule before the prelude may have set it").containsExactly(1, 2);
    assertThat(prelude(first + "SecAction \"id:3,phase:1,pass,ctl:ruleRemoveById=5\"")).containsExactly(1, 2);
    assertThat(prelude(first + "SecAction \"id:3,phase:1,pass,setvar:ip.a=1\"")).containsExactly(1, 2);
    assertThat(prelude(first + "SecRule TX:a \"@eq 1\" \"id:3,phase:1,pass,skipAfter:END\"\nSecMarker END"))
        .containsExactly(1, 2);
    assertThat(prelude(first + """
        SecRule TX:a "@eq 1" "id:3,phase:1,pass,chain"
          SecRule REQUEST_HEADERS:Host "@rx x" "setvar:tx.c=1"
        """)).as("a chain link that reads the request").containsExactly(1, 2);
    assertThat(prelude(first + """
        SecRule TX:a "@eq 1" "id:3,phase:1,pass,chain"
          SecRule TX:a "@eq 1" "setvar:tx.c=1"
        SecRule ARGS "@rx x" "id:4,phase:2,pass"
        """)).as("phase 2 is never part of it").containsExactly(1, 2, 3);
  }

  @Test
  void rulesBeforeThePreludeThatLeaveTxAloneDoNotStopTransactionsFromTakingIt() throws Exception {
    String rules = """
        SecRule REQUEST_HEADERS:Content-Type "@rx json" "id:1,phase:1,pass,nolog,ctl:requestBodyProcessor=JSON"
        SecAction "id:2,phase:1,pass,nolog,setvar:tx.a=1"
        SecRule &TX:b "@eq 0" "id:3,phase:1,pass,nolog,setvar:tx.b=2"
        SecRule TX:a "@eq 1" "id:4,phase:1,pass,nolog,setvar:tx.c=%{tx.b}"
        """;
    assertThat(prelude(rules)).containsExactly(2, 3, 4);
    assertShortcutsChangeNothing(rules, "/", List.<String[]>of(new String[] {"Content-Type", "application/json"}));
    assertShortcutsChangeNothing(rules, "/", List.<String[]>of(new String[] {"Content-Type", "text/plain"}));
  }

  @Test
  void aTransactionRunsThePreludeItselfWhenARuleBeforeItWroteTxOrRemovedOneOfIts() throws Exception {
    String writesTx = """
        SecRule REQUEST_HEADERS:X-Preset "@rx ." "id:1,phase:1,pass,nolog,setvar:tx.b=7"
        SecAction "id:2,phase:1,pass,nolog,setvar:tx.a=1"
        SecRule &TX:b "@eq 0" "id:3,phase:1,pass,nolog,setvar:tx.b=2"
        """;
    assertThat(prelude(writesTx)).containsExactly(2, 3);
    List<String[]> preset = List.<String[]>of(new String[] {"X-Preset", "yes"});
    assertShortcutsChangeNothing(writesTx, "/", preset);
    assertThat(tx(Requests.run(engine(writesTx, true), "GET", "/", preset, null))).containsExactly("b=7", "a=1");

    String removes = """
        SecRule REQUEST_HEADERS:X-Skip "@rx ." "id:1,phase:1,pass,nolog,ctl:ruleRemoveById=3"
        SecAction "id:2,phase:1,pass,nolog,setvar:tx.a=1"
        SecAction "id:3,phase:1,pass,nolog,setvar:tx.b=2"
        """;
    List<String[]> skip = List.<String[]>of(new String[] {"X-Skip", "yes"});
    assertShortcutsChangeNothing(removes, "/", skip);
    assertThat(tx(Requests.run(engine(removes, true), "GET", "/", skip, null))).containsExactly("a=1");
  }

  @Test
  void aPreludeRuleThatWouldDenyMeansNoPreludeAndStillDenies() throws Exception {
    String rules = """
        SecRule &TX:crs_setup_version "@eq 0" "id:1,phase:1,deny,status:500,log,msg:'setup not loaded'"
        SecAction "id:2,phase:1,pass,nolog,setvar:tx.a=1"
        """;
    assertThat(prelude(rules)).containsExactly(1, 2);
    WafEngine engine = engine(rules, true);

    Transaction tx = get(engine, "/");
    assertThat(tx.interruption()).isPresent();
    assertThat(tx.interruption().get().status()).isEqualTo(500);
    assertThat(ids(tx)).containsExactly(1);
  }

  @Test
  void aPreludeOnlyPartOfWhichMatchesStartsEveryTransactionAlike() throws Exception {
    WafEngine engine = engine("""
        SecAction "id:1,phase:1,pass,nolog,setvar:tx.crs_setup_version=4280"
        SecRule &TX:crs_setup_version "@eq 0" "id:2,phase:1,deny,status:500"
        SecRule &TX:paranoia "@eq 0" "id:3,phase:1,pass,nolog,setvar:tx.paranoia=1"
        SecRule REQUEST_HEADERS:Host "@rx ." "id:4,phase:1,pass,nolog,setvar:tx.host_seen=1"
        """, true);

    for (int i = 0; i < 3; i++) {
      Transaction tx = get(engine, "/");
      assertThat(tx.interruption()).isEmpty();
      assertThat(ids(tx)).containsExactly(1, 3, 4);
      assertThat(tx(tx)).containsExactly("crs_setup_version=4280", "paranoia=1", "host_seen=1");
    }
  }
}
