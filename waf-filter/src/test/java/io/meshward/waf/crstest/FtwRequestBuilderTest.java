package io.meshward.waf.crstest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class FtwRequestBuilderTest {
  private static StageInput input(String method, String uri, String version, List<HeaderField> headers, String data,
      Boolean autocomplete) {
    return new StageInput("127.0.0.1", 80, null, method, uri, version, headers, data, null, autocomplete, null, null,
        null, null, null);
  }

  private static String build(StageInput input) {
    return new String(FtwRequestBuilder.build(input), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aGetWithoutBodyGetsOnlyConnectionClose() {
    assertThat(build(input("GET", "/get?x=1", "HTTP/1.1",
        List.of(new HeaderField("User-Agent", "ua"), new HeaderField("Host", "localhost")), null, null)))
        .isEqualTo("GET /get?x=1 HTTP/1.1\r\nHost: localhost\r\nUser-Agent: ua\r\nConnection: close\r\n\r\n");
  }

  @Test
  void headersAreSortedByNameAsGoFtwDoes() {
    assertThat(build(input(null, null, null, List.of(new HeaderField("b", "2"), new HeaderField("User-Agent", "u"),
        new HeaderField("Accept", "*/*"), new HeaderField("a", "1")), null, false)))
        .isEqualTo("GET / HTTP/1.1\r\nAccept: */*\r\nUser-Agent: u\r\na: 1\r\nb: 2\r\n\r\n");
  }

  @Test
  void aBodyGetsAFormContentTypeAndALength() {
    assertThat(build(input("POST", "/", "HTTP/1.1", List.of(new HeaderField("Host", "h")), "a=b c&d=<e>", null)))
        .as("an unencoded form body has its keys and values query-escaped")
        .isEqualTo("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Connection: close\r\nContent-Length: 15\r\n\r\na=b+c&d=%3Ce%3E");
  }

  @Test
  void anEncodedOrUndecodableFormBodyIsSentAsIs() {
    List<HeaderField> form = List.of(new HeaderField("Content-Type", "application/x-www-form-urlencoded"));
    assertThat(build(input("POST", "/", "HTTP/1.1", form, "a=%3C+b", null))).endsWith("\r\n\r\na=%3C+b");
    assertThat(build(input("POST", "/", "HTTP/1.1", form, "a=1+1", null))).endsWith("\r\n\r\na=1+1");
    assertThat(build(input("POST", "/", "HTTP/1.1", form, "x=new %w20$", null))).endsWith("\r\n\r\nx=new %w20$");
    assertThat(build(input("POST", "/", "HTTP/1.1", form, "k=v&", null)))
        .as("go-ftw drops a trailing '&' when it re-encodes").endsWith("\r\n\r\nk=v");
  }

  @Test
  void otherContentTypesAreNotEncoded() {
    assertThat(build(input("POST", "/", "HTTP/1.1", List.of(new HeaderField("Content-Type", "application/json")),
        "{\"a\": \"<b> c\"}", null))).endsWith("Content-Length: 14\r\n\r\n{\"a\": \"<b> c\"}");
  }

  @Test
  void multipartBodiesGetCrlfLineEnds() {
    String request = build(input("POST", "/", "HTTP/1.1",
        List.of(new HeaderField("Content-Type", "multipart/form-data; boundary=x")), "--x\nA: b\n\nv\n--x--\n", false));
    assertThat(request).endsWith("\r\n\r\n--x\r\nA: b\r\n\r\nv\r\n--x--\r\n");
    assertThat(request).doesNotContain("Content-Length").doesNotContain("Connection");
  }

  @Test
  void anExplicitLengthOrConnectionIsKept() {
    assertThat(build(input("POST", "/", "HTTP/1.1", List.of(new HeaderField("content-length", "3"),
        new HeaderField("Connection", "keep-alive")), "abcdef", null)))
        .isEqualTo("POST / HTTP/1.1\r\nConnection: keep-alive\r\ncontent-length: 3\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n\r\nabcdef");
  }

  @Test
  void bodyMethodsGetAZeroLengthEvenWithoutData() {
    assertThat(build(input("PUT", "/", "HTTP/1.1", List.of(), null, null))).contains("Content-Length: 0\r\n");
    assertThat(build(input("DELETE", "/", "HTTP/1.1", List.of(), null, null))).contains("Content-Length: 0\r\n");
    assertThat(build(input("XPOSTX", "/", "HTTP/1.1", List.of(), null, null)))
        .as("go-ftw's ^POST|PUT|PATCH|DELETE$ is not anchored as a whole").doesNotContain("Content-Length");
    assertThat(build(input("POSTX", "/", "HTTP/1.1", List.of(), null, null))).contains("Content-Length: 0");
    assertThat(build(input("OPTIONS", "/", "HTTP/1.1", List.of(), null, null))).doesNotContain("Content-Length");
  }

  @Test
  void theRequestLineIsVerbatim() {
    assertThat(build(input("     GET", "/a b", "", List.of(), null, false))).isEqualTo("     GET /a b \r\n\r\n");
  }

  @Test
  void textIsSentAsUtf8() {
    byte[] request = FtwRequestBuilder.build(input("GET", "/\u00e9", "HTTP/1.1", List.of(), null, false));
    assertThat(new String(request, StandardCharsets.ISO_8859_1)).startsWith("GET /\u00c3\u00a9 HTTP/1.1");
  }

  @Test
  void templatesAreRendered() {
    assertThat(build(input("POST", "/", "HTTP/1.1", List.of(new HeaderField("Content-Type", "text/plain")),
        "{{ \"1\" | repeat 5 }}", null))).endsWith("Content-Length: 5\r\n\r\n11111");
    StageInput broken = input("POST", "/", "HTTP/1.1", List.of(), "{{ nope", null);
    assertThat(build(broken)).as("go-ftw sends no body when the template does not parse")
        .endsWith("Content-Length: 0\r\n\r\n");
    assertThat(FtwRequestBuilder.templateFailed(broken)).isTrue();
  }

  @Test
  void anEncodedRequestIsSentAsIsAndWinsOverEverything() {
    byte[] raw = "GET / HTTP/1.0\r\nHost:\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    String encoded = Base64.getEncoder().encodeToString(raw);
    StageInput in = new StageInput(null, null, null, "POST", "/x", "HTTP/1.1", List.of(new HeaderField("A", "b")),
        null, null, null, null, encoded.substring(0, 10) + "\n" + encoded.substring(10), null, null, null);
    assertThat(FtwRequestBuilder.build(in)).isEqualTo(raw);
    StageInput bad = new StageInput(null, null, null, null, null, null, null, null, null, null, null, "@@@", null,
        null, null);
    assertThatThrownBy(() -> FtwRequestBuilder.build(bad)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRawRequestIsSentAsUtf8Text() {
    StageInput in = new StageInput(null, null, null, null, null, null, null, null, null, null, true, null,
        "POST / HTTP/1.0\r\n\r\ntest=\u00ac", null, null);
    assertThat(new String(FtwRequestBuilder.build(in), StandardCharsets.ISO_8859_1))
        .isEqualTo("POST / HTTP/1.0\r\n\r\ntest=\u00c2\u00ac");
  }

  @Test
  void theOldFormatFollowsTheGoFtwThatReadIt() {
    StageInput post = input("POST", "/", "HTTP/1.0", List.of(new HeaderField("Host", "h")), null, null);
    assertThat(new String(FtwRequestBuilder.build(post, FtwTestFile.Format.LEGACY), StandardCharsets.ISO_8859_1))
        .as("no Content-Length without a body").isEqualTo("POST / HTTP/1.0\r\nHost: h\r\nConnection: close\r\n\r\n");
    StageInput form = input("POST", "/", "HTTP/1.0", List.of(), "a=b c", null);
    assertThat(new String(FtwRequestBuilder.build(form, FtwTestFile.Format.LEGACY), StandardCharsets.ISO_8859_1))
        .as("form bodies as written").endsWith("Content-Length: 5\r\n\r\na=b c");
  }
}
