package io.meshward.waf.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshward.waf.Transaction;
import io.meshward.waf.WafConfig;
import io.meshward.waf.WafEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests built to hurt the engine, through the whole CRS at paranoia level 4: each finishes (the generous time
 * bound is the property under test, not a performance target), sets the flags the CRS reads, and no exception
 * escapes.
 */
class HostileInputTest {
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static WafEngine engine;

  @BeforeAll
  static void loadCrs() throws Exception {
    engine = WafEngine.load(WafConfig.builder()
        .text("setup", """
            SecRuleEngine DetectionOnly
            SecRequestBodyAccess On
            SecRequestBodyLimit 20000000
            SecRequestBodyLimitAction ProcessPartial
            SecArgumentsLimit 20000
            SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=4"
            SecRule REQUEST_HEADERS:Content-Type "@rx ^application/json" "id:200001,phase:1,pass,nolog,t:lowercase,ctl:requestBodyProcessor=JSON"
            """)
        .crs(SharedData.crsV4())
        .build());
  }

  private static Transaction post(String contentType, byte[] body, String uri) throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      Transaction tx = engine.newTransaction();
      tx.processConnection("192.0.2.7", 5555, "10.0.0.1", 80);
      tx.processUri(uri, "POST", "HTTP/1.1");
      tx.addRequestHeader("Host", "example.org");
      tx.addRequestHeader("Content-Type", contentType);
      tx.addRequestHeader("Content-Length", Integer.toString(body.length));
      tx.processRequestHeaders();
      tx.appendRequestBody(body, 0, body.length);
      tx.processRequestBody();
      tx.processResponseHeaders(200, "HTTP/1.1");
      tx.processResponseBody();
      tx.processLogging();
      return tx;
    }).get(BOUND.toSeconds(), TimeUnit.SECONDS);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void invalidUtf8AndNulBytesAreInspectedNotRejected() throws Exception {
    byte[] body = bytes("a=\u00ff\u00fe\u0000\u00c3\u0028&b=%00%ff%c3%28&c=' or 1=1-- \u0000");

    Transaction tx = post("application/x-www-form-urlencoded", body, "/p?x=%c3%28%00%ff");

    assertThat(tx.engineError()).isEmpty();
    assertThat(tx.matchedRules()).extracting(r -> r.id()).contains(920250);
  }

  @Test
  void tenThousandParameters() throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      body.append(i == 0 ? "" : "&").append("p").append(i).append("=v").append(i);
    }

    Transaction tx = post("application/x-www-form-urlencoded", bytes(body.toString()), "/form");

    assertThat(tx.engineError()).isEmpty();
    assertThat(tx.variable("ARGS_COMBINED_SIZE", null).map(Long::parseLong).orElse(0L)).isGreaterThan(80_000L);
    // CRS counts arguments against tx.max_num_args when set; here the engine simply inspected them all.
    assertThat(tx.matchedRules()).isNotNull();
  }

  @Test
  void aTenMegabyteBodyIsInspectedWithinTheBodyLimit() throws Exception {
    byte[] body = new byte[10 * 1024 * 1024];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) "abcdefghij=klmnop&'\"<>;()".charAt(i % 25);
    }

    Transaction tx = post("application/x-www-form-urlencoded", body, "/upload");

    assertThat(tx.engineError()).isEmpty();
  }

  @Test
  void jsonNestedTenThousandDeepIsABodyErrorNotAStackOverflow() throws Exception {
    String json = "[".repeat(10_000) + "]".repeat(10_000);

    Transaction tx = post("application/json", bytes(json), "/api");

    assertThat(tx.engineError()).isEmpty();
    assertThat(tx.variable("REQBODY_ERROR", null)).hasValue("1");
    assertThat(tx.variable("REQBODY_ERROR_MSG", null).orElse("")).startsWith("JSON");
  }

  @Test
  void aMultipartBodyWithoutItsEndBoundaryIsFlagged() throws Exception {
    String body = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--XyZ\r\n"
        + "Content-Disposition: form-data; name=\"b\"\r\n\r\n" + "x".repeat(100_000);

    Transaction tx = post("multipart/form-data; boundary=XyZ", bytes(body), "/upload");

    assertThat(tx.engineError()).isEmpty();
    assertThat(tx.variable("REQBODY_ERROR", null)).hasValue("1");
    assertThat(tx.variable("MULTIPART_STRICT_ERROR", null)).hasValue("1");
  }

  @Test
  void multipartPartsAndFilesAreBoundedByTheArgumentsAndUploadLimits() throws Exception {
    WafEngine limited = WafEngine.load(WafConfig.builder().text("limits.conf", """
        SecRequestBodyAccess On
        SecArgumentsLimit 50
        SecUploadFileLimit 3
        """).build());
    StringBuilder parts = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      parts.append("--XyZ\r\nContent-Disposition: form-data; name=\"p").append(i).append("\"\r\n\r\nv\r\n");
    }
    StringBuilder files = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      files.append("--XyZ\r\nContent-Disposition: form-data; name=\"f").append(i)
          .append("\"; filename=\"f").append(i).append(".txt\"\r\n\r\ncontent\r\n");
    }

    Transaction manyParts = Requests.run(limited, "POST", "/upload", List.<String[]>of(
        new String[] {"Content-Type", "multipart/form-data; boundary=XyZ"}), parts + "--XyZ--\r\n");
    Transaction manyFiles = Requests.run(limited, "POST", "/upload", List.<String[]>of(
        new String[] {"Content-Type", "multipart/form-data; boundary=XyZ"}), files + "--XyZ--\r\n");

    assertThat(manyParts.variable("REQBODY_ERROR", null)).hasValue("1");
    assertThat(Integer.parseInt(manyParts.variable("ARGS_COMBINED_SIZE", null).orElseThrow())).isLessThan(1000);
    assertThat(manyFiles.variable("MULTIPART_FILE_LIMIT_EXCEEDED", null)).hasValue("1");
  }

  @Test
  void headersAndUrisAtTheirWorst() throws Exception {
    List<String> nasty = new ArrayList<>();
    nasty.add("%".repeat(100_000));
    nasty.add("/" + "../".repeat(30_000));
    nasty.add("/?" + "a[".repeat(20_000));
    nasty.add("/\u0000\u0001\u00ff?q=\u0000");
    for (String uri : nasty) {
      Transaction tx = CompletableFuture.supplyAsync(() -> {
        Transaction t = engine.newTransaction();
        t.processConnection("192.0.2.7", 5555, "10.0.0.1", 80);
        t.processUri(uri, "GET", "HTTP/1.1");
        t.addRequestHeader("Host", "example.org");
        t.addRequestHeader("User-Agent", "<script>".repeat(5_000));
        t.addRequestHeader("Cookie", ";=;".repeat(10_000));
        t.processRequestHeaders();
        t.processRequestBody();
        t.processLogging();
        return t;
      }).get(BOUND.toSeconds(), TimeUnit.SECONDS);
      assertThat(tx.engineError()).as(uri.substring(0, Math.min(20, uri.length()))).isEmpty();
    }
  }

  @Test
  void aBrokenRuleFileFailsTheLoadNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("custom.conf");
    Files.writeString(rules, "SecRule ARGS \"@rx ok\" \"id:10,phase:1,pass\"\n"
        + "SecRule ARGS \"@pmFromFile missing.data\" \"id:11,phase:1,pass\"\n");
    assertThatThrownBy(() -> WafEngine.load(WafConfig.builder().file(rules).build()))
        .hasMessageContaining("custom.conf:2").hasMessageContaining("missing.data");

    Files.writeString(rules, "SecRule ARGS \"@rx a(b\" \"id:10,phase:1,pass\"\n");
    assertThatThrownBy(() -> WafEngine.load(WafConfig.builder().file(rules).build()))
        .hasMessageContaining("custom.conf:1").hasMessageContaining("@rx");

    Files.writeString(rules, "SecRule ARGS \"@rx ok\" \"id:10,phase:1,pass\"\nSecRule ARGS \"@rx ok\n");
    assertThatThrownBy(() -> WafEngine.load(WafConfig.builder().file(rules).build()))
        .hasMessageContaining("custom.conf:2").hasMessageContaining("unterminated");
  }
}
