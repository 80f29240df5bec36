package io.meshward.waf.service.mapping;

import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns ext_authz's {@code CheckRequest} into an {@link InboundRequest}, field by field as Envoy fills it:
 * {@code attributes.request.http} gives method, path (with query), protocol, headers ({@code header_map} when Envoy
 * sends raw headers, which keeps repeated names; else the {@code headers} map, where Envoy joined them with ","),
 * {@code raw_body} (with {@code pack_as_bytes}) or {@code body}; {@code source} and {@code destination} give the
 * connection. Stateless.
 */
public final class CheckRequestMapper {
  public InboundRequest map(CheckRequest check) {
    List<String> problems = new ArrayList<>();
    if (!check.hasAttributes() || !check.getAttributes().hasRequest()
        || !check.getAttributes().getRequest().hasHttp()) {
      problems.add("a CheckRequest without attributes.request.http was inspected as GET / with no headers");
    }
    AttributeContext attributes = check.getAttributes();
    AttributeContext.HttpRequest http = attributes.getRequest().getHttp();
    RequestHead head = new RequestHead();
    if (http.hasHeaderMap()) {
      for (HeaderValue header : http.getHeaderMap().getHeadersList()) {
        if (header.getRawValue().isEmpty()) {
          head.add(header.getKey(), header.getValue());
        } else {
          head.addBytes(header.getKey(), header.getRawValue().toString(StandardCharsets.ISO_8859_1));
        }
      }
    } else {
      for (Map.Entry<String, String> header : http.getHeadersMap().entrySet()) {
        head.add(header.getKey(), header.getValue());
      }
    }
    String method = head.method(http.getMethod());
    String target = head.target(http.getPath());
    List<HeaderField> headers = head.headers(http.getHost());
    problems.addAll(head.problems());
    ByteString body = !http.getRawBody().isEmpty() ? http.getRawBody() : http.getBodyBytes();
    return new InboundRequest(
        http.getId(),
        endpoint(attributes.getSource()),
        endpoint(attributes.getDestination()),
        method,
        target,
        http.getProtocol().isEmpty() ? "HTTP/1.1" : http.getProtocol(),
        headers,
        body,
        declaredLength(headers, body.size()),
        problems);
  }

  static Endpoint endpoint(AttributeContext.Peer peer) {
    if (!peer.hasAddress() || !peer.getAddress().hasSocketAddress()) {
      return new Endpoint(Endpoint.UNKNOWN.address(), 0, peer.getPrincipal());
    }
    Address address = peer.getAddress();
    String ip = address.getSocketAddress().getAddress();
    return new Endpoint(ip.isEmpty() ? Endpoint.UNKNOWN.address() : ip,
        address.getSocketAddress().getPortValue(), peer.getPrincipal());
  }

  /** Content-Length when it is a number at least as large as what was sent; else the bytes sent. */
  static long declaredLength(List<HeaderField> headers, long sent) {
    for (HeaderField header : headers) {
      if (header.name().equalsIgnoreCase("content-length")) {
        try {
          return Math.max(sent, Long.parseLong(header.value().trim()));
        } catch (NumberFormatException e) {
          return sent;
        }
      }
    }
    return sent;
  }
}
