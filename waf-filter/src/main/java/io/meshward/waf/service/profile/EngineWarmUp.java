package io.meshward.waf.service.profile;

import io.meshward.waf.Transaction;
import io.meshward.waf.WafEngine;
import java.nio.charset.StandardCharsets;

/**
 * Runs a few synthetic requests through a freshly loaded engine before it serves: the first inspections on a cold
 * JVM take many times longer than warm ones and would spend real requests' time budgets (and, fail-open, let them
 * through uninspected).
 */
final class EngineWarmUp {
  private static final int ROUNDS = 40;
  private static final byte[] JSON = "{\"order\":{\"id\":42,\"items\":[{\"sku\":\"A-1\",\"qty\":2}],\"note\":\"leave at door\"}}"
      .getBytes(StandardCharsets.ISO_8859_1);

  private EngineWarmUp() {}

  static void run(WafEngine engine) {
    for (int i = 0; i < ROUNDS; i++) {
      exchange(engine, "GET", "/api/orders?page=" + i + "&sort=created_at", null);
      exchange(engine, "POST", "/api/orders", JSON);
      exchange(engine, "GET", "/api/orders?id=1%27%20OR%201=1--", null);
    }
  }

  private static void exchange(WafEngine engine, String method, String target, byte[] body) {
    try (Transaction tx = engine.newTransaction("warm-up")) {
      tx.processConnection("192.0.2.1", 40000, "192.0.2.2", 8080);
      tx.processUri(target, method, "HTTP/1.1");
      tx.addRequestHeader("Host", "warm-up.invalid");
      tx.addRequestHeader("User-Agent", "meshward-warm-up");
      tx.addRequestHeader("Accept", "application/json");
      if (body != null) {
        tx.addRequestHeader("Content-Type", "application/json");
        tx.addRequestHeader("Content-Length", Integer.toString(body.length));
      }
      if (tx.processRequestHeaders().isEmpty()) {
        if (body != null) {
          tx.appendRequestBody(body, 0, body.length);
        }
        if (tx.processRequestBody().isEmpty()) {
          tx.addResponseHeader("Content-Type", "application/json");
          tx.processResponseHeaders(200, "HTTP/1.1");
          tx.appendResponseBody(JSON, 0, JSON.length);
          tx.processResponseBody();
        }
      }
      tx.processLogging();
    }
  }
}
