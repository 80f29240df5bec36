package io.meshward.waf.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshward.waf.service.mapping.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields both recording formats share, with errors that say where and what. Text from a recording is
 * Unicode; the engine reads bytes, so text becomes its UTF-8 bytes (what a client sends), one char per byte.
 */
final class ExchangeFields {
  private final String where;

  ExchangeFields(String where) {
    this.where = where;
  }

  String where() {
    return where;
  }

  RecordingFormatException error(String field, String problem) {
    return new RecordingFormatException(where + ", " + field + ": " + problem);
  }

  String requiredText(JsonNode node, String field) throws RecordingFormatException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw error(field, "missing");
    }
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw error(field, "expected a non-empty string, got " + describe(value));
    }
    return value.asText();
  }

  String optionalText(JsonNode node, String field, String fallback) throws RecordingFormatException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw error(field, "expected a string, got " + describe(value));
    }
    return value.asText();
  }

  int status(JsonNode node, String field) throws RecordingFormatException {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToInt() || value.asInt() < 100 || value.asInt() > 599) {
      throw error(field, "expected an HTTP status (100-599), got " + describe(value));
    }
    return value.asInt();
  }

  /** Headers as HAR writes them ({@code [{"name":..,"value":..}]}), as pairs, or as an object. */
  List<HeaderField> headers(JsonNode node, String field) throws RecordingFormatException {
    JsonNode value = node.get(field);
    List<HeaderField> headers = new ArrayList<>();
    if (value == null || value.isNull()) {
      return headers;
    }
    if (value.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> header = it.next();
        if (header.getValue().isArray()) {
          for (JsonNode repeated : header.getValue()) {
            add(headers, header.getKey(), repeated, field);
          }
        } else {
          add(headers, header.getKey(), header.getValue(), field);
        }
      }
      return headers;
    }
    if (!value.isArray()) {
      throw error(field, "expected a list of headers or an object, got " + describe(value));
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode header = value.get(i);
      String at = field + "[" + i + "]";
      if (header.isObject()) {
        JsonNode name = header.get("name");
        if (name == null || !name.isTextual()) {
          throw error(at, "a header needs a string 'name'");
        }
        add(headers, name.asText(), header.get("value"), at);
      } else if (header.isArray() && header.size() == 2 && header.get(0).isTextual()) {
        add(headers, header.get(0).asText(), header.get(1), at);
      } else {
        throw error(at, "expected {\"name\": ..., \"value\": ...} or [name, value], got " + describe(header));
      }
    }
    return headers;
  }

  private void add(List<HeaderField> headers, String name, JsonNode value, String field)
      throws RecordingFormatException {
    if (value == null || !(value.isTextual() || value.isNumber())) {
      throw error(field, "header " + name + ": expected a string value, got " + describe(value));
    }
    // HTTP/2 recordings list pseudo-headers; the request line and Host carry what they say.
    if (!name.isEmpty() && name.charAt(0) != ':') {
      headers.add(new HeaderField(bytesAsText(name), bytesAsText(value.asText())));
    }
  }

  /** A body from text (its UTF-8 bytes) or from base64, within the size limit. */
  byte[] body(String text, boolean base64, String field) throws RecordingFormatException {
    if (text == null || text.isEmpty()) {
      return new byte[0];
    }
    byte[] bytes;
    if (base64) {
      try {
        bytes = Base64.getDecoder().decode(text.replaceAll("\\s+", ""));
      } catch (IllegalArgumentException e) {
        throw error(field, "not valid base64: " + e.getMessage());
      }
    } else {
      bytes = text.getBytes(StandardCharsets.UTF_8);
    }
    if (bytes.length > Recording.MAX_BODY_BYTES) {
      throw error(field, "a body of " + bytes.length + " bytes is over the replay limit of "
          + Recording.MAX_BODY_BYTES);
    }
    return bytes;
  }

  /** Splits a URL into the request target (raw path and query) and its authority, for a missing Host header. */
  record Url(String target, String authority) {}

  Url url(String url, String field) throws RecordingFormatException {
    int scheme = url.indexOf("://");
    if (url.startsWith("/")) {
      return new Url(bytesAsText(url), "");
    }
    if (scheme <= 0) {
      throw error(field, "expected an absolute URL or a path starting with '/', got " + quote(url));
    }
    int pathStart = scheme + 3;
    int end = pathStart;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    String authority = url.substring(pathStart, end);
    int userInfo = authority.lastIndexOf('@');
    if (userInfo >= 0) {
      authority = authority.substring(userInfo + 1);
    }
    String rest = url.substring(end);
    int fragment = rest.indexOf('#');
    if (fragment >= 0) {
      rest = rest.substring(0, fragment);
    }
    if (!rest.startsWith("/")) {
      rest = "/" + rest;
    }
    return new Url(bytesAsText(rest), bytesAsText(authority));
  }

  static List<HeaderField> withHost(List<HeaderField> headers, String authority) {
    if (authority.isEmpty() || headers.stream().anyMatch(h -> h.name().equalsIgnoreCase("host"))) {
      return headers;
    }
    List<HeaderField> withHost = new ArrayList<>(headers.size() + 1);
    withHost.add(new HeaderField("Host", authority));
    withHost.addAll(headers);
    return withHost;
  }

  /**
   * Adds the Content-Length a client would have sent when the recording left it out (exports often drop it, and
   * CRS flags a body-carrying request without one): for a body, and for POST, PUT and PATCH even without one.
   */
  static List<HeaderField> withContentLength(List<HeaderField> headers, String method, int bodyLength) {
    boolean framed = headers.stream().anyMatch(h -> h.name().equalsIgnoreCase("content-length")
        || h.name().equalsIgnoreCase("transfer-encoding"));
    boolean sendsBody = bodyLength > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    if (framed || !sendsBody) {
      return headers;
    }
    List<HeaderField> framedHeaders = new ArrayList<>(headers);
    framedHeaders.add(new HeaderField("Content-Length", Integer.toString(bodyLength)));
    return framedHeaders;
  }

  /** Text as the bytes a client sends (UTF-8), one char per byte. */
  static String bytesAsText(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static String describe(JsonNode value) {
    if (value == null || value.isNull()) {
      return "nothing";
    }
    String text = value.toString();
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
        + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
  }

  private static String quote(String text) {
    return "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
  }
}
