package io.meshward.waf.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.waf.MatchedRule;
import io.meshward.waf.RuleLoadException;
import io.meshward.waf.Transaction;
import io.meshward.waf.WafConfig;
import io.meshward.waf.WafEngine;
import java.nio.charset.StandardCharsets;
import io.meshward.waf.variables.Entry;
import io.meshward.waf.variables.Variable;
import java.util.List;

/** Small helpers for engine tests: load rules from text, run a request through every phase. */
final class Requests {
  private Requests() {}

  static WafEngine engine(String rules) throws RuleLoadException {
    return WafEngine.load(WafConfig.builder().text("test.conf", rules).build());
  }

  /** An engine with or without its evaluation shortcuts (screens, prelude, settled rules). */
  static WafEngine engine(String rules, boolean shortcuts) throws RuleLoadException {
    return WafEngine.load(WafConfig.builder().text("test.conf", rules).shortcuts(shortcuts).build());
  }

  /** A GET through every phase, with and without the engine's shortcuts, leaves the same {@link #outcome}. */
  static void assertShortcutsChangeNothing(String rules, String uri, List<String[]> headers)
      throws RuleLoadException {
    Transaction with = run(engine(rules, true), "GET", uri, headers, null);
    Transaction without = run(engine(rules, false), "GET", uri, headers, null);
    assertThat(outcome(with)).as(uri).isEqualTo(outcome(without));
  }

  /** Runs a request (phases 1, 2) and an empty 200 response (3-5); returns the transaction. */
  static Transaction run(WafEngine engine, String method, String uri, List<String[]> headers, String body) {
    Transaction tx = engine.newTransaction("test-tx");
    tx.processConnection("10.1.2.3", 40000, "10.0.0.1", 80);
    tx.processUri(uri, method, "HTTP/1.1");
    for (String[] header : headers) {
      tx.addRequestHeader(header[0], header[1]);
    }
    tx.processRequestHeaders();
    if (body != null) {
      byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
      tx.appendRequestBody(bytes, 0, bytes.length);
    }
    tx.processRequestBody();
    tx.processResponseHeaders(200, "HTTP/1.1");
    tx.processResponseBody();
    tx.processLogging();
    return tx;
  }

  static Transaction get(WafEngine engine, String uri) {
    return run(engine, "GET", uri, List.<String[]>of(new String[] {"Host", "example.org"}), null);
  }

  /**
   * Everything rules leave in a transaction, as text: TX's entries in order, each matched rule with its message and
   * matches, the interruption, HIGHEST_SEVERITY and MATCHED_VAR. Equal texts: the shortcuts changed nothing.
   */
  static String outcome(Transaction tx) {
    StringBuilder out = new StringBuilder();
    for (Entry entry : ((RuntimeTransaction) tx).store.collection(Variable.TX).all()) {
      out.append("TX ").append(entry.key()).append('=').append(entry.value()).append('\n');
    }
    for (MatchedRule rule : tx.matchedRules()) {
      out.append(rule.id()).append(' ').append(rule.phase()).append(' ').append(rule.message()).append(' ')
          .append(rule.matches()).append('\n');
    }
    return out.append("interruption ").append(tx.interruption()).append('\n')
        .append("HIGHEST_SEVERITY ").append(tx.variable("HIGHEST_SEVERITY", null)).append('\n')
        .append("MATCHED_VAR ").append(tx.variable("MATCHED_VAR", null)).toString();
  }

  static List<Integer> ids(Transaction tx) {
    return tx.matchedRules().stream().map(MatchedRule::id).toList();
  }
}
