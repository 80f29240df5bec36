package io.meshward.waf.service.respond;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.meshward.waf.service.inspect.Verdict;

/**
 * The verdict as Envoy dynamic metadata (under the filter's namespace), for access logs and later filters: workload,
 * mode, profile, scores, rule ids, action, request id, the DLP sensors that fired ({@code sensor@location}), and
 * the failure when there was one.
 */
public final class VerdictMetadata {
  private VerdictMetadata() {}

  public static Struct of(Verdict verdict) {
    ListValue.Builder ids = ListValue.newBuilder();
    verdict.findings().ruleIds().forEach(id -> ids.addValues(Value.newBuilder().setNumberValue(id)));
    Struct.Builder struct = Struct.newBuilder()
        .putFields("workload", string(verdict.route().workload()))
        .putFields("mode", string(verdict.route().mode().name()))
        .putFields("profile", string(verdict.route().profile().name()))
        .putFields("inbound_score", number(verdict.findings().inboundScore()))
        .putFields("outbound_score", number(verdict.findings().outboundScore()))
        .putFields("rule_ids", Value.newBuilder().setListValue(ids).build())
        .putFields("action", string(FindingHeaders.action(verdict)))
        .putFields("reason", string(verdict.reason().name()))
        .putFields("request_id", string(verdict.requestId()))
        .putFields("inspected_request_bytes", number(verdict.findings().inspectedRequestBytes()))
        .putFields("inspected_response_bytes", number(verdict.findings().inspectedResponseBytes()));
    verdict.failure().ifPresent(failure -> struct.putFields("failure", string(failure.label())));
    if (!verdict.findings().dlp().isEmpty()) {
      // sensor@location, as in the finding header: names only, never a value or a sample.
      ListValue.Builder dlp = ListValue.newBuilder();
      verdict.findings().dlp().stream()
          .map(f -> f.sensor() + "@" + f.location().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
          .distinct().forEach(name -> dlp.addValues(string(name)));
      struct.putFields("dlp", Value.newBuilder().setListValue(dlp).build());
    }
    return struct.build();
  }

  private static Value string(String text) {
    return Value.newBuilder().setStringValue(text).build();
  }

  private static Value number(double number) {
    return Value.newBuilder().setNumberValue(number).build();
  }
}
