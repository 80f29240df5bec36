package io.meshward.waf.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshward.waf.service.mapping.HeaderField;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * JSON lines: one request per line,
 * {@code {"method": "POST", "url": "/api/orders?x=1", "headers": {"content-type": "application/json"},
 * "body": "{...}", "response": {"status": 200, "headers": {...}, "body": "..."}}}. {@code url} is a path with its
 * query or an absolute URL; headers are an object (a list value repeats a header) or a list of [name, value] pairs;
 * {@code bodyBase64} instead of {@code body} carries binary bodies; {@code protocol} defaults to HTTP/1.1. Blank
 * lines and lines starting with {@code #} are skipped.
 */
final class JsonLinesReader implements Recording {
  /** The longest line read: a body at the limit, base64-encoded, and room for the rest. */
  static final int MAX_LINE_CHARS = Recording.MAX_BODY_BYTES / 3 * 4 + (1 << 20);

  private final Path file;

  JsonLinesReader(Path file) {
    this.file = file;
  }

  @Override
  public void read(Visitor visitor) throws IOException, RecordingFormatException {
    Recording.requireReadable(file);
    ObjectMapper mapper = new ObjectMapper();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNumber = 0;
      StringBuilder line = new StringBuilder();
      while (readLine(reader, line, file, lineNumber + 1)) {
        lineNumber++;
        String text = line.toString().strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        ExchangeFields fields = new ExchangeFields(file + ": line " + lineNumber);
        JsonNode node;
        try {
          node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
          throw new RecordingFormatException(fields.where() + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!node.isObject()) {
          throw fields.error("(line)", "expected a JSON object");
        }
        visitor.exchange(exchange(node, fields));
      }
    }
  }

  /** Reads one line into {@code line}, refusing one longer than the limit instead of buffering it. */
  private static boolean readLine(BufferedReader reader, StringBuilder line, Path file, int number)
      throws IOException, RecordingFormatException {
    line.setLength(0);
    int c;
    while ((c = reader.read()) >= 0) {
      if (c == '\n') {
        return true;
      }
      if (line.length() >= MAX_LINE_CHARS) {
        throw new RecordingFormatException(file + ": line " + number + ": longer than " + MAX_LINE_CHARS
            + " characters");
      }
      line.append((char) c);
    }
    return line.length() > 0;
  }

  private static RecordedExchange exchange(JsonNode node, ExchangeFields fields) throws RecordingFormatException {
    String method = fields.requiredText(node, "method");
    ExchangeFields.Url url = fields.url(fields.requiredText(node, "url"), "url");
    String protocol = fields.optionalText(node, "protocol", "HTTP/1.1");
    List<HeaderField> headers = ExchangeFields.withHost(fields.headers(node, "headers"), url.authority());
    byte[] body = body(node, fields);
    Optional<RecordedExchange.RecordedResponse> response = Optional.empty();
    JsonNode recorded = node.get("response");
    if (recorded != null && !recorded.isNull()) {
      if (!recorded.isObject()) {
        throw fields.error("response", "expected an object");
      }
      response = Optional.of(new RecordedExchange.RecordedResponse(fields.status(recorded, "status"),
          fields.headers(recorded, "headers"), body(recorded, fields)));
    }
    return new RecordedExchange(fields.where(), method, url.target(), protocol,
        ExchangeFields.withContentLength(headers, method, body.length), body, response);
  }

  private static byte[] body(JsonNode node, ExchangeFields fields) throws RecordingFormatException {
    String base64 = fields.optionalText(node, "bodyBase64", null);
    if (base64 != null) {
      return fields.body(base64, true, "bodyBase64");
    }
    return fields.body(fields.optionalText(node, "body", ""), false, "body");
  }
}
