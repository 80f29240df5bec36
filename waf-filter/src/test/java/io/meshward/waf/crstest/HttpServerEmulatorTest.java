package io.meshward.waf.crstest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpServerEmulatorTest {
  private static ServerDecision receive(String raw) {
    return HttpServerEmulator.receive(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static ParsedRequest accepted(String raw) {
    ServerDecision decision = receive(raw);
    assertThat(decision.kind()).as(decision.toString()).isEqualTo(ServerDecision.Kind.ACCEPTED);
    return decision.request();
  }

  private static void rejected(String raw, int status, String reason) {
    ServerDecision decision = receive(raw);
    assertThat(decision.kind()).as(decision.toString()).isEqualTo(ServerDecision.Kind.REJECTED);
    assertThat(decision.status()).isEqualTo(status);
    assertThat(decision.reason()).contains(reason);
  }

  @Test
  void acceptsAnOrdinaryRequest() {
    ParsedRequest r = accepted("GET /get?a=1 HTTP/1.1\r\nHost: localhost\r\nUser-Agent: x\r\n\r\n");
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.target()).isEqualTo("/get?a=1");
    assertThat(r.protocol()).isEqualTo("HTTP/1.1");
    assertThat(r.path()).isEqualTo("/get");
    assertThat(r.headers()).containsExactly(new HeaderField("Host", "localhost"), new HeaderField("User-Agent", "x"));
    assertThat(r.body()).isEmpty();
    assertThat(r.simpleRequest()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "     GET /get HTTP/1.1", "\tGET /get HTTP/1.1", "GET  / HTTP/1.1", "GET\t/ HTTP/1.1", "GET / HTTP/1.1 ",
      "GET /  HTTP/1.1", "GE(T / HTTP/1.1", "GET", "GET / HTTP/1.1 junk",
      "GET /a b HTTP/1.1"})
  void refusesMalformedRequestLines(String line) {
    rejected(line + "\r\nHost: localhost\r\n\r\n", 400, "request line");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/0.9", "HTTP/0.8", "1.1", "TEST", "JUNK/1.0", "HTTP\\1.0", "HTTP/2", "http/1.1",
      "HTTP/1.10"})
  void refusesUnknownProtocols(String protocol) {
    rejected("GET / " + protocol + "\r\nHost: localhost\r\n\r\n", 400, "protocol");
  }

  @Test
  void anyTokenIsAMethod() {
    assertThat(accepted("|GET / HTTP/1.1\r\nHost: a\r\n\r\n").method()).isEqualTo("|GET");
    assertThat(accepted("REALLYLONGUNREALMETHOD / HTTP/1.1\r\nHost: a\r\n\r\n").method())
        .isEqualTo("REALLYLONGUNREALMETHOD");
  }

  @Test
  void acceptsHttp2And3VersionTokens() {
    assertThat(accepted("GET / HTTP/3.0\r\nHost: localhost\r\n\r\n").protocol()).isEqualTo("HTTP/3.0");
    assertThat(accepted("GET / HTTP/2.0\r\nHost: localhost\r\n\r\n").protocol()).isEqualTo("HTTP/2.0");
  }

  @Test
  void aRequestLineWithoutProtocolIsHttp09() {
    ParsedRequest r = accepted("GET / \r\nHost: localhost\r\n\r\n");
    assertThat(r.simpleRequest()).isTrue();
    assertThat(r.protocol()).isEqualTo("HTTP/0.9");
    assertThat(r.headers()).as("an HTTP/0.9 request has no headers").isEmpty();
    rejected("POST /\r\n\r\n", 400, "HTTP/0.9");
    rejected("HEAD /\r\n\r\n", 400, "HTTP/0.9");
  }

  @Test
  void checksTheRequestTarget() {
    rejected("GET \\ HTTP/1.1\r\nHost: a\r\n\r\n", 400, "must start with '/'");
    rejected("GET index.html HTTP/1.1\r\nHost: a\r\n\r\n", 400, "must start with '/'");
    rejected("GET /#fragment HTTP/1.1\r\nHost: a\r\n\r\n", 400, "fragment");
    rejected("GET /index.html:80?I=Like#tag HTTP/1.1\r\nHost: a\r\n\r\n", 400, "fragment");
    rejected("GET http://user@host/ HTTP/1.1\r\nHost: a\r\n\r\n", 400, "user information");
    rejected("GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400, "must start with '/'");
    assertThat(accepted("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").path()).isEqualTo("*");
    assertThat(accepted("GET //x/../y HTTP/1.1\r\nHost: a\r\n\r\n").target()).isEqualTo("//x/../y");
  }

  @Test
  void connectNeedsHostAndPort() {
    rejected("CONNECT www.coreruleset.org HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, "host:port");
    ParsedRequest r = accepted("CONNECT 1.2.3.4:80 HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertThat(r.header("Host")).as("the target's host replaces the Host header").isEqualTo("1.2.3.4:80");
  }

  @Test
  void anAbsoluteTargetGivesTheHost() {
    ParsedRequest r = accepted("GET http://Example.ORG:8080/p?q HTTP/1.1\r\nHost: other\r\n\r\n");
    assertThat(r.header("Host")).isEqualTo("example.org:8080");
    assertThat(r.path()).isEqualTo("/p");
    assertThat(accepted("GET http://localhost HTTP/1.1\r\nHost: x\r\n\r\n").path()).isEqualTo("/");
    rejected("GET http://localhost HTTP/1.1\r\n\r\n", 400, "without a host name");
    ParsedRequest ftp = accepted("GET ftp://host/x HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(ftp.statusAfterPhase1()).as("a non-http scheme is refused after the WAF's first phase")
        .isEqualTo(400);
  }

  @Test
  void checksHeaderLines() {
    rejected("GET / HTTP/1.1\r\nHost: a\r\nSomeHeader: data\rInjected: x\r\n\r\n", 400, "control character");
    rejected("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n", 400, "malformed header field name");
    rejected("GET / HTTP/1.1\r\nHost: a\r\nName : x\r\n\r\n", 400, "malformed header field name");
    rejected("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400, "malformed header field name");
    rejected("GET / HTTP/1.1\r\nHost: a\r\nX: a\nY: b\r\n\r\n", 400, "bare LF");
    rejected("GET / HTTP/1.1\nHost: a\r\n\r\n", 400, "bare LF");
    rejected("GET / HTTP/1.1\r\n folded: x\r\nHost: a\r\n\r\n", 400, "folding before the first header");
    rejected("GET / HTTP/1.1\r\nHost: a\r\nX: \0\r\n\r\n", 400, "NUL");
  }

  @Test
  void foldsAndMergesHeadersAsApacheKeepsThem() {
    ParsedRequest r = accepted("GET / HTTP/1.1\r\nHost: a\r\nX-A: one  \r\n \t two\r\nContent-Type: application/json"
        + "\r\nx-a: three\r\nContent-Type: application/xml\r\n\r\n");
    assertThat(r.headers()).containsExactly(new HeaderField("Host", "a"), new HeaderField("X-A", "one two, three"),
        new HeaderField("Content-Type", "application/json, application/xml"));
  }

  @Test
  void checksContentLengthAndTransferEncoding() {
    rejected("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: NotDigits\r\n\r\n", 400, "Content-Length");
    rejected("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3;\r\n\r\nabc", 400, "Content-Length");
    rejected("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400, "Content-Length");
    rejected("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 400, "Transfer-Encoding");
    ParsedRequest chunked = accepted("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n3\r\nHi \r\n4;ext=1\r\nthe!\r\n0\r\nTrailer: x\r\n\r\n");
    assertThat(chunked.header("Content-Length")).as("chunked wins and the length is dropped").isNull();
    assertThat(new String(chunked.body(), StandardCharsets.ISO_8859_1)).isEqualTo("Hi the!");
  }

  @Test
  void readsExactlyContentLengthBytes() {
    ParsedRequest r = accepted("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcdef");
    assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).isEqualTo("abc");
    assertThat(accepted("POST / HTTP/1.1\r\nHost: a\r\n\r\nabcdef").body())
        .as("without a length there is no body").isEmpty();
    ParsedRequest shortBody = accepted("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
    assertThat(shortBody.bodyProblem()).contains("before its Content-Length");
    assertThat(accepted("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n")
        .bodyProblem()).contains("malformed chunked body");
  }

  @Test
  void checksTheHost() {
    rejected("GET / HTTP/1.1\r\nHost: localhost%00\r\n\r\n", 400, "Host");
    rejected("GET / HTTP/1.1\r\nHost: localhost%1F\r\n\r\n", 400, "Host");
    rejected("GET / HTTP/1.1\r\nHost: 12345\r\n\r\n", 400, "numeric");
    rejected("GET / HTTP/1.1\r\nHost: 1.2.3\r\n\r\n", 400, "dotted");
    rejected("GET / HTTP/1.1\r\nHost: 01.2.3.4\r\n\r\n", 400, "dotted");
    rejected("GET / HTTP/1.1\r\nHost: a..b\r\n\r\n", 400, "Host");
    rejected("GET / HTTP/1.1\r\nHost: a:0\r\n\r\n", 400, "port");
    rejected("GET / HTTP/1.1\r\nHost: example.1com\r\n\r\n", 400, "top-level");
    rejected("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "Host");
    for (String host : new String[] {"127.0.0.1", "[::1]", "[fe80::f1:01:fe01:1]", "[fe80::f1:01:fe01:1]:80",
        "deadbeef.de:8080", "localhost.", "my-host"}) {
      assertThat(accepted("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").header("Host")).isEqualTo(host);
    }
  }

  @Test
  void http11NeedsAHostName() {
    rejected("GET / HTTP/1.1\r\nHost: \r\n\r\n", 400, "without a host name");
    rejected("GET / HTTP/1.1\r\n\r\n", 400, "without a host name");
    rejected("GET / HTTP/3.0\r\n\r\n", 400, "without a host name");
    assertThat(accepted("GET / HTTP/1.0\r\nHost:\r\n\r\n").header("Host")).isEmpty();
    assertThat(accepted("GET / HTTP/1.0\r\n\r\n").header("Host")).isNull();
  }

  @Test
  void refusesUnknownExpectations() {
    rejected("POST / HTTP/1.1\r\nHost: a\r\nExpect: something\r\n\r\n", 417, "Expect");
    accepted("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\n\r\n");
  }

  @Test
  void limitsLineLengthsAndFieldCount() {
    rejected("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414, "longer than");
    rejected("GET / HTTP/1.1\r\nHost: a\r\nX: " + "a".repeat(9000) + "\r\n\r\n", 400, "too long");
    StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
    for (int i = 0; i < 100; i++) {
      many.append("X-").append(i).append(": v\r\n");
    }
    rejected(many.append("\r\n").toString(), 400, "more than 100");
  }

  @Test
  void skipsLeadingEmptyLines() {
    assertThat(accepted("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").method()).isEqualTo("GET");
  }

  @Test
  void anUnfinishedRequestGetsNoResponse() {
    assertThat(receive("GET / HTTP/1.1\r\nHost: a\r\n").kind()).isEqualTo(ServerDecision.Kind.NO_RESPONSE);
    assertThat(receive("GET / HTTP/1.1").kind()).isEqualTo(ServerDecision.Kind.NO_RESPONSE);
    assertThat(receive("").kind()).isEqualTo(ServerDecision.Kind.NO_RESPONSE);
  }

  @Test
  void keepsRawBytes() {
    ParsedRequest r = HttpServerEmulator.receive(new byte[] {'G', 'E', 'T', ' ', '/', (byte) 0xff, ' ', 'H', 'T',
        'T', 'P', '/', '1', '.', '0', '\r', '\n', 'X', ':', ' ', (byte) 0xe9, '\r', '\n', '\r', '\n'}).request();
    assertThat(r.target()).isEqualTo("/\u00ff");
    assertThat(r.header("X")).isEqualTo("\u00e9");
  }
}
