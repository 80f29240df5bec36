package io.meshward.waf.service.extproc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.ext_proc.v3.BodyMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.BodyResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.CommonResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.HeaderMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.HeadersResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ImmediateResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.TrailersResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.meshward.waf.service.inspect.Verdict;
import io.meshward.waf.service.respond.DenialBody;
import io.meshward.waf.service.respond.FindingHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The answers of an ext_proc stream: one per message, of the message's kind, or an immediate response. */
final class ProcessingResponses {
  private final DenialBody denialBody;

  ProcessingResponses(DenialBody denialBody) {
    this.denialBody = denialBody;
  }

  /** "Go on unchanged" for the kind of {@code request}; request headers may carry finding headers upstream. */
  ProcessingResponse proceed(ProcessingRequest request, Map<String, String> requestHeaders, Struct metadata) {
    return proceed(request, requestHeaders, metadata, Mutation.NONE);
  }

  /**
   * What an answer changes besides finding headers: headers to remove (a masked body drops {@code content-length})
   * and the bytes that replace the message's body (a masked or held-back chunk; empty bytes clear it).
   */
  record Mutation(List<String> removeHeaders, Optional<ByteString> body) {
    static final Mutation NONE = new Mutation(List.of(), Optional.empty());

    Mutation {
      removeHeaders = List.copyOf(removeHeaders);
    }
  }

  /** "Go on" with {@code mutation} applied. */
  ProcessingResponse proceed(ProcessingRequest request, Map<String, String> requestHeaders, Struct metadata,
                             Mutation mutation) {
    CommonResponse.Builder common = CommonResponse.newBuilder();
    if (!requestHeaders.isEmpty() || !mutation.removeHeaders().isEmpty()) {
      HeaderMutation.Builder headers = HeaderMutation.newBuilder();
      requestHeaders.forEach((name, value) -> headers.addSetHeaders(header(name, value)));
      headers.addAllRemoveHeaders(mutation.removeHeaders());
      common.setHeaderMutation(headers);
    }
    mutation.body().ifPresent(body -> common.setBodyMutation(body.isEmpty()
        ? BodyMutation.newBuilder().setClearBody(true) : BodyMutation.newBuilder().setBody(body)));
    ProcessingResponse.Builder response = ProcessingResponse.newBuilder();
    switch (request.getRequestCase()) {
      case REQUEST_HEADERS -> response.setRequestHeaders(HeadersResponse.newBuilder().setResponse(common));
      case RESPONSE_HEADERS -> response.setResponseHeaders(HeadersResponse.newBuilder().setResponse(common));
      case REQUEST_BODY -> response.setRequestBody(BodyResponse.newBuilder().setResponse(common));
      case RESPONSE_BODY -> response.setResponseBody(BodyResponse.newBuilder().setResponse(common));
      case REQUEST_TRAILERS -> response.setRequestTrailers(TrailersResponse.getDefaultInstance());
      case RESPONSE_TRAILERS -> response.setResponseTrailers(TrailersResponse.getDefaultInstance());
      default -> response.setRequestHeaders(HeadersResponse.getDefaultInstance());
    }
    if (metadata != null) {
      response.setDynamicMetadata(metadata);
    }
    return response.build();
  }

  /** The denial, sent instead of the request or the response. */
  ProcessingResponse deny(Verdict verdict, Struct metadata) {
    StatusCode code = StatusCode.forNumber(verdict.status());
    ImmediateResponse immediate = ImmediateResponse.newBuilder()
        .setStatus(HttpStatus.newBuilder().setCode(code == null ? StatusCode.Forbidden : code))
        .setHeaders(HeaderMutation.newBuilder()
            .addSetHeaders(header("content-type", DenialBody.CONTENT_TYPE))
            .addSetHeaders(header(FindingHeaders.REQUEST_ID, verdict.requestId())))
        .setBody(ByteString.copyFrom(denialBody.of(verdict), StandardCharsets.UTF_8))
        .setDetails("meshward_waf_" + verdict.reason().name().toLowerCase(java.util.Locale.ROOT))
        .build();
    return ProcessingResponse.newBuilder().setImmediateResponse(immediate).setDynamicMetadata(metadata).build();
  }

  private static HeaderValueOption header(String name, String value) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(name).setRawValue(ByteString.copyFromUtf8(value)))
        .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
        .build();
  }
}
