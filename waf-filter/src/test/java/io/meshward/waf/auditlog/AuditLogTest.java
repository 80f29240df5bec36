package io.meshward.waf.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshward.waf.Transaction;
import io.meshward.waf.WafConfig;
import io.meshward.waf.WafEngine;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String RULES = """
      SecDefaultAction "phase:1,log,auditlog,pass"
      SecDefaultAction "phase:2,log,auditlog,pass"
      SecAction "id:900,phase:1,nolog,pass,setvar:tx.blocking_inbound_anomaly_score=0"
      SecRule ARGS "@contains attack" "id:1001,phase:2,msg:'attack in %{MATCHED_VAR_NAME}',\\
          logdata:'Matched Data: %{MATCHED_VAR}',severity:'CRITICAL',tag:'attack-test',\\
          setvar:tx.blocking_inbound_anomaly_score=+5"
      SecRule ARGS:quiet "@contains attack" "id:1002,phase:2,nolog,pass"
      SecRule ARGS:stop "@streq now" "id:1003,phase:2,deny,status:403,msg:'stopped'"
      """;

  @Test
  void aTransactionWithAMatchWritesOneLineWithIdsMessagesDataScoresAndTheTransactionId() throws Exception {
    StringWriter out = new StringWriter();
    WafEngine engine = engine(RULES, new JsonLinesAuditLog(out));

    run(engine, "tx-1", "/search?q=an+attack+here");

    List<String> lines = lines(out);
    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines.get(0));
    assertThat(line.get("transaction_id").asText()).isEqualTo("tx-1");
    assertThat(line.get("client").asText()).isEqualTo("10.1.2.3");
    assertThat(line.get("method").asText()).isEqualTo("GET");
    assertThat(line.get("uri").asText()).isEqualTo("/search?q=an+attack+here");
    assertThat(line.get("inbound_anomaly_score").asInt()).isEqualTo(5);
    assertThat(line.get("rule_ids")).hasSize(1);
    assertThat(line.get("rule_ids").get(0).asInt()).isEqualTo(1001);
    JsonNode match = line.get("matches").get(0);
    assertThat(match.get("msg").asText()).isEqualTo("attack in ARGS:q");
    assertThat(match.get("data").asText()).isEqualTo("Matched Data: an attack here");
    assertThat(match.get("severity").asInt()).isEqualTo(2);
    assertThat(match.get("tags").get(0).asText()).isEqualTo("attack-test");
    assertThat(match.get("matched").get(0).get("variable").asText()).isEqualTo("ARGS:q");
    assertThat(match.get("matched").get(0).get("value").asText()).isEqualTo("an attack here");
    assertThat(line.has("interruption")).isFalse();
  }

  @Test
  void anInterruptionIsNamedWithItsStatusAndRule() throws Exception {
    StringWriter out = new StringWriter();
    WafEngine engine = engine(RULES, new JsonLinesAuditLog(out));

    run(engine, "tx-2", "/?stop=now");

    JsonNode line = JSON.readTree(lines(out).get(0));
    assertThat(line.get("interruption").asText()).isEqualTo("deny 403 by rule 1003");
    assertThat(line.get("rule_ids").get(0).asInt()).isEqualTo(1003);
  }

  @Test
  void transactionsWithoutLoggedMatchesWriteNothingWhenOnlyRelevantOnesAreAudited() throws Exception {
    StringWriter out = new StringWriter();
    WafEngine engine = engine(RULES, new JsonLinesAuditLog(out));

    run(engine, "clean", "/search?q=flowers");
    run(engine, "quiet", "/search?quiet=attack"); // 1001 matches too, so use a value only 1002 sees below

    List<String> lines = lines(out);
    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines.get(0));
    assertThat(line.get("transaction_id").asText()).isEqualTo("quiet");
    // The nolog rule 1002 matched as well, but bookkeeping rules are not findings.
    assertThat(line.get("rule_ids")).extracting(JsonNode::asInt).containsExactly(1001);
  }

  @Test
  void aMatchOfOnlyNologRulesIsNotRelevant() throws Exception {
    StringWriter out = new StringWriter();
    WafEngine engine = engine("""
        SecRule ARGS "@contains x" "id:1,phase:1,nolog,pass"
        """, new JsonLinesAuditLog(out));

    Transaction tx = run(engine, "nolog", "/?a=x");

    assertThat(tx.matchedRules()).hasSize(1);
    assertThat(lines(out)).isEmpty();
  }

  @Test
  void auditEngineOffWritesNothingAndOnWritesEveryTransaction() throws Exception {
    StringWriter off = new StringWriter();
    run(engine("SecAuditEngine Off\n" + RULES, new JsonLinesAuditLog(off)), "a", "/?q=attack");
    assertThat(lines(off)).isEmpty();

    StringWriter on = new StringWriter();
    run(engine("SecAuditEngine On\n" + RULES, new JsonLinesAuditLog(on)), "b", "/?q=harmless");
    List<String> lines = lines(on);
    assertThat(lines).hasSize(1);
    assertThat(JSON.readTree(lines.get(0)).get("rule_ids")).isEmpty();
  }

  @Test
  void aRuleCanTurnTheAuditLogOffForItsTransaction() throws Exception {
    StringWriter out = new StringWriter();
    WafEngine engine = engine(RULES + """
        SecRule REQUEST_URI "@beginsWith /health" "id:2000,phase:1,pass,nolog,ctl:auditEngine=Off"
        """, new JsonLinesAuditLog(out));

    run(engine, "health", "/health?q=attack");
    run(engine, "other", "/other?q=attack");

    assertThat(lines(out)).hasSize(1);
    assertThat(JSON.readTree(lines(out).get(0)).get("transaction_id").asText()).isEqualTo("other");
  }

  @Test
  void matchedValuesAndLogdataAreCappedInLength() throws Exception {
    StringWriter out = new StringWriter();
    WafEngine engine = engine(RULES, new JsonLinesAuditLog(out));
    String huge = "attack" + "A".repeat(10_000);

    run(engine, "big", "/?q=" + huge);

    JsonNode match = JSON.readTree(lines(out).get(0)).get("matches").get(0);
    String value = match.get("matched").get(0).get("value").asText();
    assertThat(value).hasSize(AuditRecord.MAX_VALUE_CHARS + 3).startsWith("attackAAA").endsWith("...");
    assertThat(match.get("data").asText()).hasSize(AuditRecord.MAX_VALUE_CHARS + 3);
    assertThat(lines(out).get(0).length()).isLessThan(4_000);
  }

  @Test
  void theRecordIsWrittenOnceEvenWhenTheLoggingPhaseRunsTwice() throws Exception {
    List<AuditRecord> records = Collections.synchronizedList(new ArrayList<>());
    WafEngine engine = engine(RULES, records::add);

    Transaction tx = run(engine, "twice", "/?q=attack");
    tx.processLogging();

    assertThat(records).hasSize(1);
  }

  @Test
  void aFailingSinkDoesNotFailTheTransaction() throws Exception {
    WafEngine engine = engine(RULES, record -> {
      throw new IllegalStateException("disk full");
    });

    assertThatCode(() -> run(engine, "fails", "/?q=attack")).doesNotThrowAnyException();
  }

  @Test
  void linesFromConcurrentTransactionsNeverInterleave() throws Exception {
    StringWriter out = new StringWriter();
    WafEngine engine = engine(RULES, new JsonLinesAuditLog(out));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String id = "c" + i;
        done.add(pool.submit(() -> run(engine, id, "/?q=attack" + "B".repeat(200))));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    List<String> lines = lines(out);
    assertThat(lines).hasSize(400);
    for (String line : lines) {
      assertThat(JSON.readTree(line).get("rule_ids").get(0).asInt()).isEqualTo(1001);
    }
  }

  @Test
  void theCoreRuleSetsVerdictOnAnSqlInjectionIsAudited() throws Exception {
    List<AuditRecord> records = Collections.synchronizedList(new ArrayList<>());
    WafEngine engine = WafEngine.load(WafConfig.builder()
        .text("setup", "SecRuleEngine On\n")
        .crs(crsV4())
        .auditLog(records::add)
        .build());

    run(engine, "sqli", "/products?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--");

    assertThat(records).hasSize(1);
    AuditRecord record = records.get(0);
    assertThat(record.inboundScore()).isGreaterThanOrEqualTo(5);
    assertThat(record.interruption()).startsWith("deny 403 by rule 949110");
    assertThat(record.matches()).extracting(AuditRecord.Match::ruleId)
        .anyMatch(id -> id >= 942000 && id < 943000)
        .contains(949110);
  }

  private static WafEngine engine(String rules, AuditSink sink) throws Exception {
    return WafEngine.load(WafConfig.builder().text("audit-test.conf", rules).auditLog(sink).build());
  }

  private static Transaction run(WafEngine engine, String id, String uri) {
    Transaction tx = engine.newTransaction(id);
    tx.processConnection("10.1.2.3", 40000, "10.0.0.1", 80);
    tx.processUri(uri, "GET", "HTTP/1.1");
    tx.addRequestHeader("Host", "example.org");
    tx.addRequestHeader("User-Agent", "audit-test");
    tx.addRequestHeader("Accept", "*/*");
    tx.processRequestHeaders();
    tx.processRequestBody();
    tx.processResponseHeaders(200, "HTTP/1.1");
    tx.processResponseBody();
    tx.processLogging();
    tx.close();
    return tx;
  }

  private static List<String> lines(StringWriter out) {
    String text = out.toString();
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  private static Path crsV4() {
    Path crs = Path.of(System.getProperty("meshward.shared.dir", "../../shared")).resolve("crs/v4");
    if (!Files.isDirectory(crs.resolve("rules"))) {
      throw new IllegalStateException("the CRS v4 rules are expected under " + crs.toAbsolutePath());
    }
    return crs;
  }
}
