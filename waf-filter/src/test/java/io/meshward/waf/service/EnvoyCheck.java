package io.meshward.waf.service;

import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a CheckRequest the way Envoy's ext_authz filter fills it (see attribute_context.proto): the request's
 * headers including the HTTP/2 pseudo-headers in {@code headers} (lower-case names), the same facts in
 * {@code method}, {@code path} (with query), {@code host}, {@code protocol}, {@code id} (x-request-id);
 * {@code raw_body} with {@code pack_as_bytes}, as meshward's sidecars configure; source and destination socket
 * addresses and principals; the route's {@code context_extensions}.
 */
final class EnvoyCheck {
  private String method = "GET";
  private String path = "/";
  private String host = "payments.shop.svc";
  private String protocol = "HTTP/2";
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final List<String[]> rawHeaders = new ArrayList<>();
  private ByteString body = ByteString.EMPTY;
  private final Map<String, String> extensions = new LinkedHashMap<>();

  static EnvoyCheck get(String path) {
    return new EnvoyCheck().method("GET").path(path);
  }

  static EnvoyCheck request(String method, String path) {
    return new EnvoyCheck().method(method).path(path);
  }

  EnvoyCheck method(String value) {
    method = value;
    return this;
  }

  EnvoyCheck path(String value) {
    path = value;
    return this;
  }

  EnvoyCheck header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Sends {@code header_map} (Envoy's encode_raw_headers) instead of the headers map, repeated names kept. */
  EnvoyCheck rawHeader(String name, String value) {
    rawHeaders.add(new String[] {name, value});
    return this;
  }

  EnvoyCheck body(String contentType, byte[] bytes) {
    headers.put("content-type", contentType);
    headers.put("content-length", Integer.toString(bytes.length));
    body = ByteString.copyFrom(bytes);
    return this;
  }

  /** A body of which Envoy sent only {@code sent} (allow_partial_message), with the real Content-Length. */
  EnvoyCheck partialBody(String contentType, byte[] sent, long contentLength) {
    headers.put("content-type", contentType);
    headers.put("content-length", Long.toString(contentLength));
    headers.put("x-envoy-auth-partial-body", "true");
    body = ByteString.copyFrom(sent);
    return this;
  }

  EnvoyCheck route(String workload, String mode, String profile) {
    extensions.put("meshward.workload", workload);
    extensions.put("meshward.mode", mode);
    extensions.put("meshward.profile", profile);
    return this;
  }

  EnvoyCheck extensions(Map<String, String> values) {
    extensions.clear();
    extensions.putAll(values);
    return this;
  }

  CheckRequest build() {
    AttributeContext.HttpRequest.Builder http = AttributeContext.HttpRequest.newBuilder()
        .setId("a0d3c5e1-6b2f-4b8a-9d7e-3f1c2b4a5d6e")
        .setMethod(method)
        .setPath(path)
        .setHost(host)
        .setScheme("http")
        .setProtocol(protocol)
        .setSize(body.size())
        .setRawBody(body);
    if (rawHeaders.isEmpty()) {
      http.putHeaders(":authority", host)
          .putHeaders(":path", path)
          .putHeaders(":method", method)
          .putHeaders(":scheme", "http")
          .putHeaders("user-agent", "checkout/2.3 (grpc-java)")
          .putHeaders("accept", "application/json")
          .putHeaders("x-request-id", "a0d3c5e1-6b2f-4b8a-9d7e-3f1c2b4a5d6e")
          .putHeaders("x-forwarded-proto", "http");
      headers.forEach(http::putHeaders);
    } else {
      HeaderMap.Builder map = HeaderMap.newBuilder();
      for (String[] header : rawHeaders) {
        map.addHeaders(HeaderValue.newBuilder().setKey(header[0]).setRawValue(ByteString.copyFromUtf8(header[1])));
      }
      http.setHeaderMap(map);
    }
    return CheckRequest.newBuilder()
        .setAttributes(AttributeContext.newBuilder()
            .setSource(peer("10.20.3.17", 48122, "spiffe://cluster.local/ns/shop/sa/checkout"))
            .setDestination(peer("10.20.5.9", 8080, "spiffe://cluster.local/ns/shop/sa/payments"))
            .setRequest(AttributeContext.Request.newBuilder().setHttp(http))
            .putAllContextExtensions(extensions))
        .build();
  }

  static AttributeContext.Peer peer(String ip, int port, String principal) {
    return AttributeContext.Peer.newBuilder()
        .setAddress(Address.newBuilder().setSocketAddress(
            SocketAddress.newBuilder().setAddress(ip).setPortValue(port)))
        .setPrincipal(principal)
        .build();
  }
}
