package io.meshward.waf.service.extauthz;

import com.google.rpc.Code;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.meshward.waf.service.inspect.Verdict;
import io.meshward.waf.service.respond.DenialBody;
import io.meshward.waf.service.respond.FindingHeaders;
import io.meshward.waf.service.respond.VerdictMetadata;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * A verdict as ext_authz's {@code CheckResponse}. Allowed: status OK, the finding headers set on the request that
 * goes upstream (overwriting any a client sent), the verdict as dynamic metadata; a clean request gets an empty
 * {@code ok_response} and passes untouched (except that forged finding headers are removed). Denied: status
 * PERMISSION_DENIED and a {@code denied_response} with the HTTP status and the JSON body of {@link DenialBody}.
 */
final class CheckResponses {
  private final DenialBody denialBody;

  CheckResponses(DenialBody denialBody) {
    this.denialBody = denialBody;
  }

  /**
   * @param requestHeaderNames the names the client sent, so that forged {@code x-meshward-waf-*} ones are removed
   */
  CheckResponse of(Verdict verdict, Collection<String> requestHeaderNames) {
    Map<String, String> headers = FindingHeaders.of(verdict);
    if (!verdict.allowed()) {
      DeniedHttpResponse.Builder denied = DeniedHttpResponse.newBuilder()
          .setStatus(HttpStatus.newBuilder().setCode(statusCode(verdict.status())))
          .addHeaders(header("content-type", DenialBody.CONTENT_TYPE))
          .addHeaders(header(FindingHeaders.REQUEST_ID, verdict.requestId()))
          .setBody(denialBody.of(verdict));
      return CheckResponse.newBuilder()
          .setStatus(Status.newBuilder().setCode(Code.PERMISSION_DENIED_VALUE))
          .setDeniedResponse(denied)
          .setDynamicMetadata(VerdictMetadata.of(verdict))
          .build();
    }
    OkHttpResponse.Builder ok = OkHttpResponse.newBuilder();
    headers.forEach((name, value) -> ok.addHeaders(header(name, value)));
    for (String name : requestHeaderNames) {
      String lower = name.toLowerCase(Locale.ROOT);
      if ((lower.startsWith(FindingHeaders.PREFIX) || lower.equals(FindingHeaders.REQUEST_ID))
          && !headers.containsKey(lower)) {
        ok.addHeadersToRemove(lower);
      }
    }
    CheckResponse.Builder response = CheckResponse.newBuilder()
        .setStatus(Status.newBuilder().setCode(Code.OK_VALUE))
        .setOkResponse(ok);
    if (!headers.isEmpty()) {
      response.setDynamicMetadata(VerdictMetadata.of(verdict));
    }
    return response.build();
  }

  static HeaderValueOption header(String name, String value) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
        .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
        .build();
  }

  static StatusCode statusCode(int status) {
    StatusCode code = StatusCode.forNumber(status);
    return code == null ? StatusCode.Forbidden : code;
  }
}
