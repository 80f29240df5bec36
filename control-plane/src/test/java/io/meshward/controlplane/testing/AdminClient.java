package io.meshward.controlplane.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A minimal client of the admin API for tests: what an operator's tooling would send. */
public final class AdminClient {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final String base;

  public AdminClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public record Reply(int status, String body) {
    public JsonNode json() {
      try {
        return new ObjectMapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public Reply applyPolicy(String source, String yaml) {
    return applyPolicy(source, yaml, false);
  }

  public Reply applyPolicy(String source, String yaml, boolean dryRun) {
    return send(HttpRequest.newBuilder(uri("/api/v1/policies?source=" + encode(source)
            + (dryRun ? "&dryRun=true" : "")))
        .header("Content-Type", "application/yaml")
        .POST(HttpRequest.BodyPublishers.ofString(yaml)));
  }

  /** Several files applied as one: {"files": [{"source": ..., "yaml": ...}]}. */
  public Reply applyPolicies(java.util.List<java.util.Map<String, String>> files) {
    try {
      return send(HttpRequest.newBuilder(uri("/api/v1/policies"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(java.util.Map.of("files", files)))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public Reply setMode(String target, String mode) {
    return send(HttpRequest.newBuilder(uri("/api/v1/modes/" + target))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"mode\":\"" + mode + "\"}")));
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public Reply post(String path, String json) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  public JsonNode workload(String nodeId) {
    Reply reply = get("/api/v1/workloads/" + encode(nodeId));
    if (reply.status() != 200) {
      throw new AssertionError("GET workload " + nodeId + ": " + reply);
    }
    return reply.json();
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
