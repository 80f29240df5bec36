package io.meshward.waf.service.inspect;

import io.meshward.waf.dlp.DlpEngine;
import io.meshward.waf.dlp.DlpFinding;
import io.meshward.waf.dlp.DlpLocation;
import io.meshward.waf.service.mapping.HeaderField;
import io.meshward.waf.service.mapping.InboundRequest;
import io.meshward.waf.service.profile.WafProfile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the DLP sensors over a request as ext_authz sees it: the target (path and query), the headers, and the body
 * up to the profile's inspected-bytes limit (a gRPC message body is not text and is not scanned). Stateless.
 */
public final class RequestDlp {
  private final DlpEngine engine;

  public RequestDlp(DlpEngine engine) {
    this.engine = engine;
  }

  public List<DlpFinding> scan(InboundRequest request, WafProfile profile) {
    List<DlpFinding> findings = new ArrayList<>();
    findings.addAll(engine.scan(DlpLocation.URL, request.target()).findings());
    if (engine.looksAt(DlpLocation.REQUEST_HEADERS)) {
      findings.addAll(engine.scan(DlpLocation.REQUEST_HEADERS, headerText(request.headers())).findings());
    }
    if (engine.looksAt(DlpLocation.REQUEST_BODY) && !request.body().isEmpty()
        && !request.mediaType().startsWith("application/grpc")) {
      int limit = (int) Math.min(request.body().size(), profile.maxInspectedBodyBytes());
      String body = request.body().substring(0, limit).toString(StandardCharsets.ISO_8859_1);
      findings.addAll(engine.scan(DlpLocation.REQUEST_BODY, body).findings());
    }
    return findings;
  }

  /** Headers as the sensors read them: one {@code name: value} line each, as on the wire. */
  public static String headerText(List<HeaderField> headers) {
    StringBuilder text = new StringBuilder();
    for (HeaderField header : headers) {
      text.append(header.name()).append(": ").append(header.value()).append("\r\n");
    }
    return text.toString();
  }
}
