package io.meshward.waf.auditlog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes one JSON object per line for each transaction with matches. Thread-safe: a line is rendered first, then
 * written whole under a lock, so lines never interleave.
 */
public final class JsonLinesAuditLog implements AuditSink, AutoCloseable {
  private final JsonFactory json = new JsonFactory();
  private final Writer out;
  private final Object lock = new Object();

  public JsonLinesAuditLog(Writer out) {
    this.out = out;
  }

  /** Writes the record as one line; nothing when it is null. */
  @Override
  public void write(AuditRecord record) {
    if (record == null) {
      return;
    }
    String line = render(record);
    synchronized (lock) {
      try {
        out.write(line);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the audit log: " + e.getMessage(), e);
      }
    }
  }

  /** The JSON line of a record, without the line break. */
  public String render(AuditRecord record) {
    StringWriter buffer = new StringWriter(512);
    try (JsonGenerator g = json.createGenerator(buffer)) {
      g.writeStartObject();
      g.writeStringField("time", record.time().toString());
      g.writeStringField("transaction_id", record.transactionId());
      g.writeStringField("client", record.clientAddress());
      g.writeStringField("method", record.method());
      g.writeStringField("uri", AuditRecord.cap(record.uri()));
      g.writeNumberField("inbound_anomaly_score", record.inboundScore());
      g.writeNumberField("outbound_anomaly_score", record.outboundScore());
      if (!record.interruption().isEmpty()) {
        g.writeStringField("interruption", record.interruption());
      }
      g.writeArrayFieldStart("rule_ids");
      for (AuditRecord.Match match : record.matches()) {
        g.writeNumber(match.ruleId());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("matches");
      for (AuditRecord.Match match : record.matches()) {
        g.writeStartObject();
        g.writeNumberField("id", match.ruleId());
        g.writeStringField("msg", match.message());
        g.writeStringField("data", match.data());
        if (match.severity() >= 0) {
          g.writeNumberField("severity", match.severity());
        }
        g.writeArrayFieldStart("tags");
        for (String tag : match.tags()) {
          g.writeString(tag);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("matched");
        for (int i = 0; i < match.matchedVariables().size(); i++) {
          g.writeStartObject();
          g.writeStringField("variable", match.matchedVariables().get(i));
          g.writeStringField("value", match.matchedValues().get(i));
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toString();
  }

  @Override
  public void close() throws IOException {
    synchronized (lock) {
      out.close();
    }
  }
}
