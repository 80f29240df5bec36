package io.meshward.waf.service.mapping;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The request side of an ext_proc stream as an {@link InboundRequest}. When Envoy sends the request headers (request
 * header mode SEND) they carry the pseudo-headers; when it skips them (meshward's sidecars do: ext_authz inspected the
 * request already), the request line comes from the attributes Envoy was asked to send with the first message
 * ({@code request.method}, {@code request.path}, {@code request.host}, {@code request.id}, {@code source.address}),
 * under the filter's name. Stateless.
 */
public final class ExtProcRequestMapper {
  public static final String ATTRIBUTES_KEY = "envoy.filters.http.ext_proc";

  /**
   * @param requestHeaders the request headers message, or null when Envoy did not send one
   * @param attributes the {@code attributes} of the stream's first message (empty when none)
   */
  public InboundRequest map(HttpHeaders requestHeaders, Map<String, Struct> attributes) {
    Struct attrs = attributes.getOrDefault(ATTRIBUTES_KEY, Struct.getDefaultInstance());
    RequestHead head = new RequestHead();
    List<String> problems = new ArrayList<>();
    if (requestHeaders != null) {
      for (HeaderValue header : requestHeaders.getHeaders().getHeadersList()) {
        if (header.getRawValue().isEmpty()) {
          head.add(header.getKey(), header.getValue());
        } else {
          head.addBytes(header.getKey(), header.getRawValue().toString(StandardCharsets.ISO_8859_1));
        }
      }
    }
    String method = head.method(string(attrs, "request.method"));
    String target = head.target(string(attrs, "request.path"));
    List<HeaderField> headers = head.headers(string(attrs, "request.host"));
    problems.addAll(head.problems());
    String protocol = string(attrs, "request.protocol");
    return new InboundRequest(
        string(attrs, "request.id"),
        endpoint(string(attrs, "source.address"), string(attrs, "source.principal")),
        endpoint(string(attrs, "destination.address"), ""),
        method,
        target,
        protocol.isEmpty() ? "HTTP/1.1" : protocol,
        headers,
        ByteString.EMPTY,
        CheckRequestMapper.declaredLength(headers, 0),
        problems);
  }

  private static String string(Struct struct, String key) {
    Value value = struct.getFieldsOrDefault(key, Value.getDefaultInstance());
    return value.hasStringValue() ? value.getStringValue() : "";
  }

  /** "ip:port" or "[v6]:port", as Envoy formats {@code source.address}. */
  static Endpoint endpoint(String address, String principal) {
    if (address.isEmpty()) {
      return new Endpoint(Endpoint.UNKNOWN.address(), 0, principal);
    }
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || address.indexOf(':') != colon && !address.startsWith("[")) {
      return new Endpoint(address, 0, principal);
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new Endpoint(host, Integer.parseInt(address.substring(colon + 1)), principal);
    } catch (NumberFormatException e) {
      return new Endpoint(address, 0, principal);
    }
  }
}
