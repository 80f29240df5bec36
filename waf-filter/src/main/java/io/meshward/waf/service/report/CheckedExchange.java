package io.meshward.waf.service.report;

import io.meshward.waf.service.inspect.Verdict;
import io.meshward.waf.service.mapping.Endpoint;
import java.time.Instant;

/**
 * One checked exchange as the reporting side sees it: who called whom, the verdict and its findings, and a
 * payload-free summary of the request line. No header value, query string or body reaches this record, so nothing
 * built from it (events, flow observations, audit lines, metrics) can carry them.
 *
 * @param service {@link #EXT_AUTHZ} or {@link #EXT_PROC}
 * @param time when the check finished
 * @param source the calling peer
 * @param destination the called peer
 * @param method the request method, at most 32 characters
 * @param path the path without query or fragment, see {@link PathSummary}
 * @param protocol "HTTP/1.1", "HTTP/2", ...
 * @param verdict the verdict (its findings hold rule ids, masked messages and scores)
 * @param durationNanos how long the service took to answer
 */
public record CheckedExchange(
    String service,
    Instant time,
    Endpoint source,
    Endpoint destination,
    String method,
    String path,
    String protocol,
    Verdict verdict,
    long durationNanos) {

  public static final String EXT_AUTHZ = "ext_authz";
  public static final String EXT_PROC = "ext_proc";

  public Action action() {
    return Action.of(verdict);
  }

  /** Whether this exchange is a security event: a detection, or a denial of any kind. */
  public boolean securityRelevant() {
    return verdict.findings().detected() || !verdict.allowed();
  }
}
