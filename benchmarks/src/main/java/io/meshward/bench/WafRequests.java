package io.meshward.bench;

import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.meshward.waf.Transaction;
import io.meshward.waf.WafConfig;
import io.meshward.waf.WafEngine;
import io.meshward.waf.service.warmup.ExtProcMessages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The four requests of the WAF benchmark (the same shapes as the ModSecurity reference measurements), and the engine
 * they run on: CRS v4 at paranoia level 1 with its default set-up, blocking, request bodies inspected, JSON and XML
 * bodies parsed (the usual recommended rules 200000/200001).
 */
final class WafRequests {
  static final String ENGINE_SETUP = """
      SecRuleEngine On
      SecRequestBodyAccess On
      SecResponseBodyAccess On
      SecRule REQUEST_HEADERS:Content-Type "@rx ^(?:application(?:/soap\\+|/)|text/)xml" \\
          "id:200000,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=XML"
      SecRule REQUEST_HEADERS:Content-Type "@rx ^application/json" \\
          "id:200001,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=JSON"
      """;

  private static final List<String[]> BROWSER_HEADERS = List.of(
      new String[] {"Host", "shop.example.org"},
      new String[] {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"},
      new String[] {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
      new String[] {"Accept-Language", "en-US,en;q=0.5"},
      new String[] {"Accept-Encoding", "gzip, deflate, br"},
      new String[] {"Referer", "https://shop.example.org/catalog"},
      new String[] {"Cookie", "session=7f3a9c2e51b04d8f; theme=dark"},
      new String[] {"Connection", "keep-alive"});

  final byte[] formBody;
  final byte[] jsonBody;

  WafRequests() {
    formBody = form1k().getBytes(StandardCharsets.ISO_8859_1);
    jsonBody = json4k().getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The ext_proc messages of one benign 4 KB JSON response (the JSON POST's document, sent back), as meshward's
   * sidecars send them: the request's attributes with the response headers, then the whole body (BUFFERED).
   */
  static List<ProcessingRequest> jsonResponseExchange() {
    return ExtProcMessages.bufferedResponse(Map.of(
        "request.id", "5b1f0c52-7c3e-4d7b-9f0e-2a6c1e8d4b90",
        "request.method", "GET",
        "request.path", "/api/orders/42",
        "request.host", "shop.example.org",
        "source.address", "10.20.3.17:48122"), 200, "application/json", json4k().getBytes(StandardCharsets.ISO_8859_1));
  }

  static Path crsDirectory() {
    Path crs = Path.of(System.getProperty("meshward.crs", "../shared/crs/v4"));
    if (!Files.isDirectory(crs.resolve("rules"))) {
      throw new IllegalStateException("CRS v4 not found at " + crs.toAbsolutePath()
          + "; pass -Dmeshward.crs=/path/to/crs/v4");
    }
    return crs;
  }

  static WafEngine loadEngine() throws Exception {
    return WafEngine.load(WafConfig.builder().text("engine-setup", ENGINE_SETUP).crs(crsDirectory()).build());
  }

  /** A benign GET with 8 browser headers. */
  static Transaction benignGet(WafEngine engine) {
    Transaction tx = start(engine, "GET", "/catalog/products?category=garden&page=2&sort=price");
    BROWSER_HEADERS.forEach(h -> tx.addRequestHeader(h[0], h[1]));
    return finish(tx, null);
  }

  /** A GET that CRS blocks at paranoia level 1. */
  static Transaction blockedSqli(WafEngine engine) {
    Transaction tx = start(engine, "GET",
        "/catalog/products?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--");
    BROWSER_HEADERS.forEach(h -> tx.addRequestHeader(h[0], h[1]));
    return finish(tx, null);
  }

  Transaction benignForm(WafEngine engine) {
    Transaction tx = start(engine, "POST", "/account/profile");
    BROWSER_HEADERS.forEach(h -> tx.addRequestHeader(h[0], h[1]));
    tx.addRequestHeader("Content-Type", "application/x-www-form-urlencoded");
    tx.addRequestHeader("Content-Length", Integer.toString(formBody.length));
    return finish(tx, formBody);
  }

  Transaction benignJson(WafEngine engine) {
    Transaction tx = start(engine, "POST", "/api/orders");
    BROWSER_HEADERS.forEach(h -> tx.addRequestHeader(h[0], h[1]));
    tx.addRequestHeader("Content-Type", "application/json");
    tx.addRequestHeader("Content-Length", Integer.toString(jsonBody.length));
    return finish(tx, jsonBody);
  }

  private static Transaction start(WafEngine engine, String method, String uri) {
    Transaction tx = engine.newTransaction("bench");
    tx.processConnection("198.51.100.23", 51324, "10.0.0.10", 443);
    tx.processUri(uri, method, "HTTP/1.1");
    return tx;
  }

  private static Transaction finish(Transaction tx, byte[] body) {
    if (tx.processRequestHeaders().isEmpty()) {
      if (body != null) {
        tx.appendRequestBody(body, 0, body.length);
      }
      if (tx.processRequestBody().isEmpty()) {
        tx.addResponseHeader("Content-Type", "text/html; charset=utf-8");
        tx.processResponseHeaders(200, "HTTP/1.1");
        tx.processResponseBody();
      }
    }
    tx.processLogging();
    return tx;
  }

  /** About 1 KB of ordinary form fields. */
  static String form1k() {
    StringBuilder form = new StringBuilder();
    String[][] fields = {
        {"first_name", "Margaret"}, {"last_name", "Hamilton"}, {"email", "margaret.hamilton%40example.org"},
        {"phone", "%2B1-555-0142"}, {"street", "1 Apollo Way"}, {"city", "Cambridge"}, {"zip", "02139"},
        {"country", "US"}, {"newsletter", "on"}, {"language", "en-US"}, {"timezone", "America%2FNew_York"},
        {"bio", "Software engineer and computer scientist. Led the team that developed the on-board flight software"
            + " for the Apollo program. Enjoys long walks, chess and reading about the history of computing."},
        {"company", "Hamilton Technologies"}, {"title", "Director"}, {"website", "https%3A%2F%2Fexample.org%2Fmh"},
        {"csrf_token", "b1946ac92492d2347c6235b4d2611184"}};
    for (String[] field : fields) {
      if (form.length() > 0) {
        form.append('&');
      }
      form.append(field[0]).append('=').append(field[1].replace(' ', '+'));
    }
    while (form.length() < 1024) {
      form.append("&note").append(form.length()).append("=thank+you");
    }
    return form.toString();
  }

  /** About 4 KB of JSON with about 190 fields: an order with line items. */
  static String json4k() {
    StringBuilder json = new StringBuilder("{\"order_id\":\"ORD-2026-118842\",\"customer\":{\"id\":48213,"
        + "\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\",\"tier\":\"gold\"},\"currency\":\"EUR\","
        + "\"shipping\":{\"method\":\"express\",\"address\":{\"street\":\"12 Analytical Row\",\"city\":\"London\","
        + "\"postcode\":\"NW1 6XE\",\"country\":\"GB\"}},\"items\":[");
    for (int i = 0; i < 26; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"sku\":\"SKU-").append(10_000 + i * 37).append("\",\"name\":\"Garden tool set ").append(i)
          .append("\",\"qty\":").append(1 + i % 3).append(",\"price\":").append(19.99 + i)
          .append(",\"discount\":0,\"gift\":").append(i % 2 == 0).append(",\"notes\":\"handle with care\"}");
    }
    json.append("],\"payment\":{\"method\":\"card\",\"last4\":\"4242\",\"exp\":\"12/29\"},\"coupon\":null,"
        + "\"created_at\":\"2026-11-26T18:30:00Z\",\"channel\":\"web\"}");
    return json.toString();
  }
}
