package io.meshward.waf.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshward.waf.service.mapping.HeaderField;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * HTTP Archive 1.2 ({@code log.entries[]}: {@code request} with method, url, httpVersion, headers, postData;
 * {@code response} with status, headers, content). The entries are streamed one by one: only one entry is in memory
 * at a time. A request body is {@code postData.text}, or, when a browser recorded only {@code postData.params}, those
 * parameters URL-encoded again; a response body is {@code content.text} (base64 when {@code content.encoding} says
 * so). A response with status 0 (a request that never got one) counts as none.
 */
final class HarReader implements Recording {
  private final Path file;

  HarReader(Path file) {
    this.file = file;
  }

  @Override
  public void read(Visitor visitor) throws IOException, RecordingFormatException {
    Recording.requireReadable(file);
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(Recording.MAX_BODY_BYTES * 2).maxNestingDepth(64).build())
        .build();
    ObjectMapper mapper = new ObjectMapper(factory);
    try (JsonParser parser = factory.createParser(file.toFile())) {
      parser.setCodec(mapper);
      if (parser.nextToken() != JsonToken.START_OBJECT || !seek(parser, "log")
          || parser.nextToken() != JsonToken.START_OBJECT || !seek(parser, "entries")
          || parser.nextToken() != JsonToken.START_ARRAY) {
        throw new RecordingFormatException(file + ": not an HTTP Archive (expected {\"log\": {\"entries\": [...]}})");
      }
      int index = 0;
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        index++;
        JsonNode entry = parser.readValueAsTree();
        visitor.exchange(exchange(entry, new ExchangeFields(file + ": entry " + index)));
      }
      if (parser.currentToken() != JsonToken.END_ARRAY) {
        throw new RecordingFormatException(file + ": entry " + (index + 1) + ": expected an object");
      }
    } catch (JsonProcessingException e) {
      throw new RecordingFormatException(file + ": line " + e.getLocation().getLineNr() + ": not valid JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  /** Moves to the value of {@code field} in the current object, skipping the fields before it. */
  private static boolean seek(JsonParser parser, String field) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      if (parser.currentName().equals(field)) {
        return true;
      }
      parser.nextToken();
      parser.skipChildren();
    }
    return false;
  }

  private static RecordedExchange exchange(JsonNode entry, ExchangeFields fields) throws RecordingFormatException {
    JsonNode request = entry.get("request");
    if (request == null || !request.isObject()) {
      throw fields.error("request", "missing");
    }
    String method = fields.requiredText(request, "method");
    ExchangeFields.Url url = fields.url(fields.requiredText(request, "url"), "request.url");
    String protocol = protocol(fields.optionalText(request, "httpVersion", "HTTP/1.1"));
    List<HeaderField> headers = ExchangeFields.withHost(fields.headers(request, "headers"), url.authority());
    byte[] body = requestBody(request.get("postData"), fields);

    Optional<RecordedExchange.RecordedResponse> response = Optional.empty();
    JsonNode recorded = entry.get("response");
    if (recorded != null && recorded.isObject() && recorded.path("status").asInt(0) != 0) {
      JsonNode content = recorded.path("content");
      byte[] responseBody = content.isObject()
          ? fields.body(fields.optionalText(content, "text", ""),
              "base64".equalsIgnoreCase(fields.optionalText(content, "encoding", "")), "response.content.text")
          : new byte[0];
      response = Optional.of(new RecordedExchange.RecordedResponse(fields.status(recorded, "status"),
          fields.headers(recorded, "headers"), responseBody));
    }
    return new RecordedExchange(fields.where(), method, url.target(), protocol,
        ExchangeFields.withContentLength(headers, method, body.length), body, response);
  }

  private static byte[] requestBody(JsonNode postData, ExchangeFields fields) throws RecordingFormatException {
    if (postData == null || !postData.isObject()) {
      return new byte[0];
    }
    String text = fields.optionalText(postData, "text", null);
    if (text != null) {
      return fields.body(text, "base64".equalsIgnoreCase(fields.optionalText(postData, "encoding", "")),
          "request.postData.text");
    }
    JsonNode params = postData.get("params");
    if (params == null || !params.isArray()) {
      return new byte[0];
    }
    StringBuilder form = new StringBuilder();
    for (JsonNode param : params) {
      if (form.length() > 0) {
        form.append('&');
      }
      form.append(encode(param.path("name").asText())).append('=').append(encode(param.path("value").asText()));
    }
    return fields.body(form.toString(), false, "request.postData.params");
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** HAR writes "HTTP/1.1", "http/2.0", "h2" or "h3"; the engine wants REQUEST_PROTOCOL as a server would say it. */
  private static String protocol(String version) {
    String upper = version.trim().toUpperCase(java.util.Locale.ROOT);
    return switch (upper) {
      case "H2", "HTTP/2", "HTTP/2.0" -> "HTTP/2.0";
      case "H3", "HTTP/3", "HTTP/3.0" -> "HTTP/3.0";
      case "HTTP/1.0", "HTTP/1.1" -> upper;
      default -> "HTTP/1.1";
    };
  }
}
