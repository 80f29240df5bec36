package io.meshward.waf.service.mapping;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A request as a ModSecurity connector hands it to the engine: connection, request line, headers (pseudo-headers
 * turned into the request line and Host), body. Strings carry one char per byte.
 *
 * @param requestId the proxy's request id (x-request-id), or empty
 * @param method the method
 * @param target the request target, raw: path and query, not decoded
 * @param protocol e.g. "HTTP/1.1", "HTTP/2"
 * @param headers in the order received; repeated names repeated
 * @param body the body bytes the proxy sent (possibly only the first part of the body)
 * @param declaredBodyLength the body's full length as far as known (Content-Length, else the bytes sent)
 * @param problems what was wrong with the input and how it was resolved (for the once-log; no request data)
 */
public record InboundRequest(
    String requestId,
    Endpoint source,
    Endpoint destination,
    String method,
    String target,
    String protocol,
    List<HeaderField> headers,
    ByteString body,
    long declaredBodyLength,
    List<String> problems) {

  public InboundRequest {
    headers = List.copyOf(headers);
    problems = List.copyOf(problems);
  }

  /** The first value of a header, by case-insensitive name. */
  public Optional<String> header(String name) {
    for (HeaderField header : headers) {
      if (header.name().equalsIgnoreCase(name)) {
        return Optional.of(header.value());
      }
    }
    return Optional.empty();
  }

  /** The media type of the body (lower case, no parameters), or empty. */
  public String mediaType() {
    String type = header("content-type").orElse("");
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }
}
