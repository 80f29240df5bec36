package io.meshward.waf.auditlog;

/**
 * Where an engine hands the audit record of each finished transaction that the audit engine selects. Called from
 * the request's thread, so an implementation must be thread-safe and should not block for long.
 */
@FunctionalInterface
public interface AuditSink {
  void write(AuditRecord record);
}
