package io.meshward.waf.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshward.waf.service.mapping.HeaderField;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingReadersTest {
  @TempDir
  Path dir;

  private List<RecordedExchange> read(Recording recording) throws Exception {
    List<RecordedExchange> exchanges = new ArrayList<>();
    recording.read(exchanges::add);
    return exchanges;
  }

  private Path file(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static String header(RecordedExchange exchange, String name) {
    return exchange.headers().stream().filter(h -> h.name().equalsIgnoreCase(name)).map(HeaderField::value)
        .findFirst().orElse(null);
  }

  @Test
  void harEntriesBecomeRequestsWithTheirResponses() throws Exception {
    Path har = file("browser.har", """
        {"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "pages": [], "entries": [
          {"request": {"method": "POST", "url": "https://shop.example.org:8443/login?next=%2Fhome#top",
                       "httpVersion": "h2",
                       "headers": [{"name": ":authority", "value": "shop.example.org:8443"},
                                   {"name": "content-type", "value": "application/x-www-form-urlencoded"}],
                       "postData": {"mimeType": "application/x-www-form-urlencoded",
                                    "params": [{"name": "user", "value": "zoë"}, {"name": "pw", "value": "a&b"}]}},
           "response": {"status": 0, "headers": [], "content": {"size": 0}}},
          {"request": {"method": "GET", "url": "http://api.local/v1/items", "httpVersion": "HTTP/1.1",
                       "headers": [{"name": "Host", "value": "api.local"}]},
           "response": {"status": 200, "headers": [{"name": "Content-Type", "value": "text/plain"}],
                        "content": {"size": 5, "text": "aGVsbG8=", "encoding": "base64"}}}
        ]}}
        """);

    List<RecordedExchange> exchanges = read(Recording.har(har));

    assertThat(exchanges).hasSize(2);
    RecordedExchange login = exchanges.get(0);
    assertThat(login.where()).endsWith("browser.har: entry 1");
    assertThat(login.method()).isEqualTo("POST");
    assertThat(login.target()).as("path and query, raw; no fragment").isEqualTo("/login?next=%2Fhome");
    assertThat(login.protocol()).isEqualTo("HTTP/2.0");
    assertThat(header(login, "Host")).as("from the URL; the pseudo-header is left out")
        .isEqualTo("shop.example.org:8443");
    assertThat(login.headers()).noneMatch(h -> h.name().startsWith(":"));
    assertThat(new String(login.body(), StandardCharsets.UTF_8)).isEqualTo("user=zo%C3%AB&pw=a%26b");
    assertThat(header(login, "Content-Length")).isEqualTo(Integer.toString(login.body().length));
    assertThat(login.response()).as("status 0: no response was recorded").isEmpty();

    RecordedExchange items = exchanges.get(1);
    assertThat(items.headers()).extracting(HeaderField::name).containsExactly("Host");
    assertThat(items.response()).hasValueSatisfying(response -> {
      assertThat(response.status()).isEqualTo(200);
      assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    });
  }

  @Test
  void jsonLinesCarryHeadersAsObjectsOrPairsAndBodiesAsTextOrBase64() throws Exception {
    Path jsonl = file("traffic.jsonl", """
        # recorded at the edge
        {"method": "GET", "url": "/search?q=caf%C3%A9", "headers": {"Host": "a", "Accept": ["text/html", "*/*"]}}

        {"method": "PUT", "url": "/files/1", "headers": [["Host", "a"], ["Content-Type", "application/octet-stream"]], "bodyBase64": "AAEC/w==", "response": {"status": 204}}
        {"method": "POST", "url": "/api", "protocol": "HTTP/1.0", "headers": {"Host": "a"}, "body": "{\\"name\\": \\"Zoë\\"}"}
        """);

    List<RecordedExchange> exchanges = read(Recording.jsonLines(jsonl));

    assertThat(exchanges).extracting(RecordedExchange::where)
        .allMatch(w -> w.matches(".*traffic.jsonl: line [245]"));
    assertThat(exchanges.get(0).headers()).extracting(HeaderField::value)
        .containsExactly("a", "text/html", "*/*");
    assertThat(exchanges.get(0).headers()).noneMatch(h -> h.name().equalsIgnoreCase("content-length"));
    assertThat(exchanges.get(1).body()).containsExactly(0, 1, 2, 255);
    assertThat(exchanges.get(1).response()).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(204));
    assertThat(exchanges.get(2).protocol()).isEqualTo("HTTP/1.0");
    assertThat(header(exchanges.get(2), "Content-Length")).as("UTF-8 bytes: ë is two").isEqualTo("16");
    assertThat(exchanges.get(2).body()).isEqualTo("{\"name\": \"Zoë\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void badRecordingsAreRefusedNamingTheFileThePlaceAndTheField() throws Exception {
    Path missingMethod = file("a.jsonl", "{\"method\": \"GET\", \"url\": \"/\"}\n{\"url\": \"/x\"}\n");
    assertThatThrownBy(() -> read(Recording.jsonLines(missingMethod)))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageEndingWith("a.jsonl: line 2, method: missing");

    Path notJson = file("b.jsonl", "{\"method\": \"GET\", \"url\": \"/\"\n");
    assertThatThrownBy(() -> read(Recording.jsonLines(notJson)))
        .isInstanceOf(RecordingFormatException.class).hasMessageContaining("b.jsonl: line 1: not valid JSON");

    Path relativeUrl = file("c.jsonl", "{\"method\": \"GET\", \"url\": \"index.html\"}\n");
    assertThatThrownBy(() -> read(Recording.jsonLines(relativeUrl)))
        .hasMessageContaining("c.jsonl: line 1, url: expected an absolute URL or a path starting with '/'");

    Path badBase64 = file("d.jsonl", "{\"method\": \"POST\", \"url\": \"/\", \"bodyBase64\": \"%%%\"}\n");
    assertThatThrownBy(() -> read(Recording.jsonLines(badBase64)))
        .hasMessageContaining("d.jsonl: line 1, bodyBase64: not valid base64");

    Path badStatus = file("e.jsonl", "{\"method\": \"GET\", \"url\": \"/\", \"response\": {\"status\": 42}}\n");
    assertThatThrownBy(() -> read(Recording.jsonLines(badStatus)))
        .hasMessageContaining("e.jsonl: line 1, status: expected an HTTP status (100-599)");

    Path notHar = file("f.har", "{\"entries\": []}");
    assertThatThrownBy(() -> read(Recording.har(notHar))).hasMessageContaining("f.har: not an HTTP Archive");

    Path badEntry = file("g.har", "{\"log\": {\"entries\": [{\"request\": {\"method\": \"GET\"}}]}}");
    assertThatThrownBy(() -> read(Recording.har(badEntry))).hasMessageEndingWith("g.har: entry 1, url: missing");

    assertThatThrownBy(() -> read(Recording.har(dir.resolve("nope.har")))).hasMessageContaining("no such");
    assertThatThrownBy(() -> Recording.byExtension(dir.resolve("x.txt")))
        .hasMessageContaining("unknown recording format");
  }

  @Test
  void aLineLongerThanTheLimitIsRefusedWithoutBufferingIt() throws Exception {
    Path huge = dir.resolve("huge.jsonl");
    try (var out = Files.newBufferedWriter(huge)) {
      out.write("{\"method\": \"POST\", \"url\": \"/\", \"body\": \"");
      char[] chunk = new char[1 << 20];
      java.util.Arrays.fill(chunk, 'a');
      for (long written = 0; written <= JsonLinesReader.MAX_LINE_CHARS; written += chunk.length) {
        out.write(chunk);
      }
      out.write("\"}\n");
    }

    assertThatThrownBy(() -> read(Recording.jsonLines(huge)))
        .isInstanceOf(RecordingFormatException.class).hasMessageContaining("huge.jsonl: line 1: longer than");
  }
}
