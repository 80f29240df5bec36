package io.meshward.waf.service.warmup;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.meshward.waf.service.mapping.ExtProcRequestMapper;
import java.util.List;
import java.util.Map;

/** ext_proc messages as meshward's sidecars send them, for callers that play the sidecar (the warm-up, load drivers). */
public final class ExtProcMessages {
  private ExtProcMessages() {}

  /**
   * One BUFFERED response, in order: its headers ({@code :status}, {@code content-type}, {@code content-length}) with
   * the request's attributes under the filter's name, then the whole body.
   *
   * @param requestAttributes {@code request.method}, {@code request.path}, ... as Envoy names them
   */
  public static List<ProcessingRequest> bufferedResponse(Map<String, String> requestAttributes, int status,
                                                         String contentType, byte[] body) {
    Struct.Builder attributes = Struct.newBuilder();
    requestAttributes.forEach((key, value) -> attributes.putFields(key, Value.newBuilder().setStringValue(value)
        .build()));
    HeaderMap headers = HeaderMap.newBuilder()
        .addHeaders(header(":status", Integer.toString(status)))
        .addHeaders(header("content-type", contentType))
        .addHeaders(header("content-length", Integer.toString(body.length)))
        .build();
    return List.of(
        ProcessingRequest.newBuilder()
            .setResponseHeaders(HttpHeaders.newBuilder().setHeaders(headers))
            .putAttributes(ExtProcRequestMapper.ATTRIBUTES_KEY, attributes.build())
            .build(),
        ProcessingRequest.newBuilder()
            .setResponseBody(HttpBody.newBuilder().setBody(ByteString.copyFrom(body)).setEndOfStream(true))
            .build());
  }

  private static HeaderValue header(String name, String value) {
    return HeaderValue.newBuilder().setKey(name).setRawValue(ByteString.copyFromUtf8(value)).build();
  }
}
