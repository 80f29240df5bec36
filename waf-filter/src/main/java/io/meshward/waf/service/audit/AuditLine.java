package io.meshward.waf.service.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.meshward.waf.service.inspect.Findings;
import io.meshward.waf.service.inspect.RuleHit;
import io.meshward.waf.service.inspect.Verdict;
import io.meshward.waf.service.mapping.Endpoint;
import io.meshward.waf.service.report.CheckedExchange;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * One exchange with findings as one JSON line. Built from {@link CheckedExchange} alone, so it holds what events
 * hold: rule ids, masked messages, scores, the action, the path without its query; never a header value, query,
 * body or matched value. (The engine's own {@code auditlog} package writes matched values and whole URIs, which is
 * right for a rule developer's debugging and wrong for a production log; hence this one.)
 */
final class AuditLine {
  private final JsonFactory json = new JsonFactory();

  String of(CheckedExchange exchange) {
    Verdict verdict = exchange.verdict();
    Findings findings = verdict.findings();
    StringWriter buffer = new StringWriter(512);
    try (JsonGenerator g = json.createGenerator(buffer)) {
      g.writeStartObject();
      g.writeStringField("time", exchange.time().toString());
      g.writeStringField("request_id", verdict.requestId());
      g.writeStringField("service", exchange.service());
      g.writeStringField("workload", verdict.route().workload());
      g.writeStringField("mode", verdict.route().mode().name());
      g.writeStringField("profile", verdict.route().profile().name());
      g.writeStringField("action", exchange.action().label());
      if (!verdict.allowed()) {
        g.writeNumberField("status", verdict.status());
      }
      verdict.failure().ifPresent(failure -> field(g, "failure", failure.label()));
      peer(g, "source", exchange.source());
      peer(g, "destination", exchange.destination());
      g.writeStringField("method", exchange.method());
      g.writeStringField("path", exchange.path());
      g.writeNumberField("inbound_anomaly_score", findings.inboundScore());
      g.writeNumberField("outbound_anomaly_score", findings.outboundScore());
      g.writeArrayFieldStart("rule_ids");
      for (RuleHit hit : findings.ruleHits()) {
        g.writeNumber(hit.ruleId());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("rules");
      for (RuleHit hit : findings.ruleHits()) {
        g.writeStartObject();
        g.writeNumberField("id", hit.ruleId());
        g.writeStringField("msg", hit.message());
        if (hit.severity() >= 0) {
          g.writeNumberField("severity", hit.severity());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (!findings.dlp().isEmpty()) {
        g.writeArrayFieldStart("dlp");
        for (io.meshward.waf.dlp.DlpFinding finding : findings.dlp()) {
          // The masked sample only: a finding never holds the value (see DlpFinding).
          g.writeStartObject();
          g.writeStringField("sensor", finding.sensor());
          g.writeStringField("location",
              finding.location().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
          g.writeNumberField("matches", finding.matches());
          g.writeStringField("masked_sample", finding.maskedSample());
          g.writeStringField("action", finding.action().name().toLowerCase(java.util.Locale.ROOT));
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toString();
  }

  private static void peer(JsonGenerator g, String name, Endpoint endpoint) throws IOException {
    g.writeObjectFieldStart(name);
    g.writeStringField("principal", endpoint.principal());
    g.writeStringField("address", endpoint.address());
    g.writeNumberField("port", endpoint.port());
    g.writeEndObject();
  }

  private static void field(JsonGenerator g, String name, String value) {
    try {
      g.writeStringField(name, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
