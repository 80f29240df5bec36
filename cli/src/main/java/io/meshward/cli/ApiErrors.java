package io.meshward.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshward.policy.validate.PolicyError;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines to print for an error answer of the admin API: its {@code ApiError} message, then one compiler-style
 * line per detail ({@code file:line:col: document N (Kind ns/name): path: message}), so editors can jump to them.
 */
final class ApiErrors {
  private static final int MAX_BODY_CHARS = 200;

  private ApiErrors() {}

  static List<String> describe(int status, String body, ObjectMapper json) {
    JsonNode error = parse(body, json);
    List<String> lines = new ArrayList<>();
    if (error == null || !error.path("error").isTextual()) {
      // Not our API answering (a proxy, another service on the port): show what came back.
      lines.add("error: the server answered HTTP " + status + ": " + abbreviate(body));
      return lines;
    }
    lines.add("error: " + error.get("error").asText());
    for (JsonNode detail : error.path("details")) {
      lines.add(detail(detail, json));
    }
    return lines;
  }

  private static String detail(JsonNode detail, ObjectMapper json) {
    if (detail.isObject() && detail.has("message")) {
      try {
        return json.treeToValue(detail, PolicyError.class).format();
      } catch (JsonProcessingException | IllegalArgumentException e) {
        return detail.path("message").asText();
      }
    }
    return detail.isTextual() ? detail.asText() : detail.toString();
  }

  private static JsonNode parse(String body, ObjectMapper json) {
    try {
      return body == null || body.isBlank() ? null : json.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String abbreviate(String body) {
    String oneLine = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    if (oneLine.isEmpty()) {
      return "(empty body)";
    }
    return oneLine.length() <= MAX_BODY_CHARS ? oneLine : oneLine.substring(0, MAX_BODY_CHARS - 3) + "...";
  }
}
