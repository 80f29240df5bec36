package io.meshward.waf.crstest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlbedoBackendTest {
  private static HttpResponse send(String method, String path, String body) {
    return AlbedoBackend.respond(new ParsedRequest(method, path, "HTTP/1.1", List.of(),
        body.getBytes(StandardCharsets.UTF_8), false, path, 0, null));
  }

  private static String body(HttpResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void answersAnEmpty200ByDefault() {
    HttpResponse r = send("GET", "/get", "");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers()).containsExactly(new HeaderField("Content-Length", "0"));
    assertThat(send("GET", "/reflect", "{\"status\": 500}").status()).as("only POST reflects").isEqualTo(200);
  }

  @Test
  void reflectsStatusHeadersAndBody() {
    HttpResponse r = send("POST", "/reflect", "{\"status\": 503, \"headers\": {\"x-test\": \"a\\r\\nb\", "
        + "\"content-type\": \"application/json\"}, \"body\": \"{\\\"e\\\": 1}\", \"logMessage\": \"m\"}");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.headers()).containsExactly(new HeaderField("Content-Length", "8"),
        new HeaderField("Content-Type", "application/json"), new HeaderField("X-Test", "a  b"));
    assertThat(body(r)).isEqualTo("{\"e\": 1}");
  }

  @Test
  void sniffsTheTypeOfABodyWithoutContentType() {
    assertThat(send("POST", "/reflect", "{\"body\": \"<?php echo 1 ?>\"}").header("Content-Type"))
        .isEqualTo("text/plain; charset=utf-8");
    assertThat(send("POST", "/reflect/", "{\"body\": \"  <html><b>x</b>\"}").header("Content-Type"))
        .isEqualTo("text/html; charset=utf-8");
    assertThat(send("POST", "/reflect", "{\"encodedBody\": \"PD94bWwgdmVyc2lvbj0iMS4wIj8+PGEvPg==\"}")
        .header("Content-Type")).isEqualTo("text/xml; charset=utf-8");
    assertThat(send("POST", "/reflect", "{\"encodedBody\": \"AAECAw==\"}").header("Content-Type"))
        .isEqualTo("application/octet-stream");
  }

  @Test
  void decodesTheSpecLikeGo() {
    assertThat(send("POST", "/reflect", "{\"Body\": \"x\", \"STATUS\": 201}").status())
        .as("field names match case-insensitively").isEqualTo(201);
    assertThat(send("POST", "/reflect", "null").status()).isEqualTo(200);
    assertThat(body(send("POST", "/reflect", "{\"body\": \"\", \"encodedBody\": \"aGk=\"}"))).isEqualTo("hi");
    assertThat(body(send("POST", "/reflect", "{\"body\": \"b\", \"encodedBody\": \"aGk=\"}"))).isEqualTo("b");
  }

  @Test
  void refusesWhatIsNotASpec() {
    for (String bad : new String[] {"<%- sidebar.id %>", "", "[]", "{\"status\": \"200\"}", "{\"status\": 2.5}",
        "{\"headers\": {\"a\": 1}}", "{\"body\": 1}", "{} {}"}) {
      HttpResponse r = send("POST", "/reflect", bad);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(body(r)).isEqualTo("Invalid JSON in request body");
    }
    HttpResponse status = send("POST", "/reflect", "{\"status\": 99}");
    assertThat(status.status()).isEqualTo(400);
    assertThat(body(status)).isEqualTo("Invalid status code: 99");
    assertThat(send("POST", "/reflect", "{\"status\": 600}").status()).isEqualTo(400);
    HttpResponse base64 = send("POST", "/reflect", "{\"status\": 202, \"encodedBody\": \"***\"}");
    assertThat(base64.status()).as("the status was already written").isEqualTo(202);
    assertThat(body(base64)).isEqualTo("invalid base64 encoding of response body");
  }

  @Test
  void followsGoForStatusesWithoutBody() {
    assertThat(send("POST", "/reflect", "{\"status\": 204, \"body\": \"x\"}").body()).isEmpty();
    assertThat(send("POST", "/reflect", "{\"status\": 103, \"body\": \"x\"}").status()).isEqualTo(200);
    assertThat(send("POST", "/reflect", "{\"status\": -1}")).as("a handler panic drops the connection").isNull();
    assertThat(AlbedoBackend.respond(new ParsedRequest("HEAD", "/", "HTTP/1.1", List.of(), new byte[0], false, "/",
        0, null)).body()).isEmpty();
  }

  @Test
  void routesOnTheNormalisedPath() {
    assertThat(AlbedoBackend.normalise("/a/../reflect")).isEqualTo("/reflect");
    assertThat(AlbedoBackend.normalise("//reflect/./x/")).isEqualTo("/reflect/x/");
    assertThat(AlbedoBackend.normalise("/%72eflect")).isEqualTo("/reflect");
    assertThat(send("POST", "/x/../reflect", "{\"status\": 418}").status()).isEqualTo(418);
  }
}
