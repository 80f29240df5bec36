package io.meshward.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshward.controlplane.api.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;

/**
 * The admin API of a running control plane, as the commands use it. Every call returns the body of a 2xx answer or
 * throws a {@link CommandFailure}: {@link ExitCodes#REFUSED} with the server's {@code ApiError} when it answered
 * with an error, {@link ExitCodes#UNREACHABLE} when it did not answer at all.
 */
final class AdminClient {
  static final String YAML = "application/yaml";
  static final String JSON = "application/json";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Applying a large policy file re-translates every workload; give it time, but not forever. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final URI server;
  private final String base;
  private final ObjectMapper json = Json.newMapper();
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(CONNECT_TIMEOUT)
      .build();

  AdminClient(URI server) {
    this.server = server;
    String text = server.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  ObjectMapper json() {
    return json;
  }

  String getText(String path) {
    return send(request(path).GET());
  }

  JsonNode getJson(String path) {
    return parse(getText(path));
  }

  JsonNode postJson(String path, String contentType, String body) {
    return parse(send(request(path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))));
  }

  JsonNode putJson(String path, Object body) {
    return parse(send(request(path).header("Content-Type", JSON)
        .PUT(HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8))));
  }

  JsonNode deleteJson(String path) {
    return parse(send(request(path).DELETE()));
  }

  /** One path segment, percent-encoded (node ids may hold anything). */
  static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A query parameter value, percent-encoded. */
  static String query(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT);
  }

  private String send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CommandFailure.of(ExitCodes.UNREACHABLE, "interrupted while waiting for " + server, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new CommandFailure(ExitCodes.REFUSED, ApiErrors.describe(response.statusCode(), response.body(), json));
    }
    return response.body();
  }

  private CommandFailure unreachable(IOException e) {
    return new CommandFailure(ExitCodes.UNREACHABLE, List.of("error: cannot reach the meshward control plane at "
        + server + ": " + reason(e) + ", is `meshward up` running?"), e);
  }

  /** The JDK's client often throws exceptions without a message; name the cause people know. */
  private static String reason(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "connection timed out after " + CONNECT_TIMEOUT.toSeconds() + "s";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host";
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }

  private JsonNode parse(String body) {
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw CommandFailure.of(ExitCodes.REFUSED, "the control plane at " + server
          + " answered with something that is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private String write(Object body) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a request body", e);
    }
  }
}
