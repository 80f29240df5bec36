package io.meshward.waf.service.warmup;

import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The checks a warm-up sends: shaped as Envoy sends them (pseudo-headers, browser headers, the buffered body as
 * {@code raw_body}), in the proportions of API traffic, so that the code real checks run is the code compiled. One
 * in ten is an attack, so that the denial path is compiled too. They name a workload no real route has.
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
