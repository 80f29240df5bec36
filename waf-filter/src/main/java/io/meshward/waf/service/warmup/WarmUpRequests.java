package io.meshward.waf.service.warmup;

import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What a warm-up sends, shaped as Envoy sends it so that the code real traffic runs is the code compiled: ext_authz
 * checks (pseudo-headers, browser headers, the buffered body as {@code raw_body}) in the proportions of API traffic,
 * one in ten an attack so that the denial path is compiled too; and ext_proc exchanges of a BUFFERED JSON response,
 * as meshward's sidecars send them (request attributes, response headers, then the body). They name a workload no
 * real route has.
 */
final class WarmUpRequests {
  static final String WORKLOAD = "meshward-warm-up/none";

  private WarmUpRequests() {}

  /** Ten checks: six GETs, two form POSTs, one JSON POST, one SQL injection; the caller cycles through them. */
  static List<CheckRequest> cycle(String profile) {
    CheckRequest get = check(profile, "GET", "/api/orders?page=2&sort=created_at&q=blue+shoes", null, null);
    CheckRequest form = check(profile, "POST", "/account/profile", "application/x-www-form-urlencoded",
        "name=Ada+Lovelace&email=ada%40example.org&city=London&newsletter=on&bio=Writes+about+engines");
    CheckRequest json = check(profile, "POST", "/api/orders", "application/json",
        "{\"order\":{\"id\":42,\"items\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-7\",\"qty\":1}],"
            + "\"note\":\"leave at the door\",\"gift\":false}}");
    CheckRequest attack = check(profile, "GET", "/api/orders?id=1%27%20OR%201%3D1--", null, null);
    return List.of(get, form, get, json, get, form, get, attack, get, get);
  }

  /** The ext_proc messages of one response, in order: its headers (with the request's attributes), its body. */
  static List<ProcessingRequest> response() {
    byte[] body = ("{\"orders\":[{\"id\":41,\"status\":\"shipped\",\"total\":\"19.90\"},"
        + "{\"id\":42,\"status\":\"open\",\"total\":\"5.00\"}],\"next\":\"/api/orders?page=3\"}")
        .getBytes(StandardCharsets.US_ASCII);
    return ExtProcMessages.bufferedResponse(Map.of(
        "request.id", "meshward-warm-up",
        "request.method", "GET",
        "request.path", "/api/orders?page=2",
        "request.host", "warm-up.invalid",
        "source.address", "192.0.2.10:40000"), 200, "application/json", body);
  }

  private static CheckRequest check(String profile, String method, String path, String contentType, String body) {
    AttributeContext.HttpRequest.Builder http = AttributeContext.HttpRequest.newBuilder()
        .setId("meshward-warm-up")
        .setMethod(method)
        .setPath(path)
        .setHost("warm-up.invalid")
        .setScheme("http")
        .setProtocol("HTTP/1.1")
        .putHeaders(":authority", "warm-up.invalid")
        .putHeaders(":path", path)
        .putHeaders(":method", method)
        .putHeaders(":scheme", "http")
        .putHeaders("user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
        .putHeaders("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        .putHeaders("accept-language", "en-US,en;q=0.5")
        .putHeaders("accept-encoding", "gzip, deflate, br")
        .putHeaders("cookie", "session=7f3a9c2e51b04d8f; theme=dark")
        .putHeaders("x-request-id", "00000000-0000-4000-8000-000000000000");
    if (body != null) {
      byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
      http.putHeaders("content-type", contentType)
          .putHeaders("content-length", Integer.toString(bytes.length))
          .setRawBody(ByteString.copyFrom(bytes));
    }
    return CheckRequest.newBuilder()
        .setAttributes(AttributeContext.newBuilder()
            .setSource(peer("192.0.2.10", 40000))
            .setDestination(peer("192.0.2.20", 8080))
            .setRequest(AttributeContext.Request.newBuilder().setHttp(http))
            .putContextExtensions("meshward.workload", WORKLOAD)
            .putContextExtensions("meshward.mode", "ENFORCE")
            .putContextExtensions("meshward.profile", profile))
        .build();
  }

  private static AttributeContext.Peer peer(String ip, int port) {
    return AttributeContext.Peer.newBuilder()
        .setAddress(Address.newBuilder().setSocketAddress(
            SocketAddress.newBuilder().setAddress(ip).setPortValue(port)))
        .build();
  }
}
