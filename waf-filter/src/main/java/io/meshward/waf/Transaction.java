package io.meshward.waf;

import java.util.List;
import java.util.Optional;

/**
 * The inspection of one request and its response. Feed it in order: connection, request line, headers, request
 * body, then response status, headers and body, calling each {@code process*} method once; each returns the
 * interruption if the transaction was disrupted. A transaction is used by one thread at a time and holds no state
 * of any other; bodies are buffered up to the configured limits and never beyond.
 */
public interface Transaction extends AutoCloseable {
  String id();

  void processConnection(String clientAddress, int clientPort, String serverAddress, int serverPort);

  /**
   * The request line.
   *
   * @param uri the request target as received, raw (not decoded)
   * @param method the method as received
   * @param protocol e.g. "HTTP/1.1"
   */
  void processUri(String uri, String method, String protocol);

  /** A request header, as received (name case kept); repeated headers are added one by one. */
  void addRequestHeader(String name, String value);

  /** Runs phase 1 (request headers). */
  Optional<Interruption> processRequestHeaders();

  /**
   * Appends request body bytes. Past the request body limit the rest is dropped (and, when the limit action is
   * Reject, the transaction is interrupted with 413).
   */
  Optional<Interruption> appendRequestBody(byte[] data, int offset, int length);

  /** Parses the request body with the body processor the headers and rules chose, then runs phase 2. */
  Optional<Interruption> processRequestBody();

  void addResponseHeader(String name, String value);

  /** Runs phase 3 (response headers). */
  Optional<Interruption> processResponseHeaders(int status, String protocol);

  /** Appends response body bytes, up to the response body limit. */
  Optional<Interruption> appendResponseBody(byte[] data, int offset, int length);

  /** Runs phase 4 (response body) when the response's content type is one to inspect. */
  Optional<Interruption> processResponseBody();

  /** Runs phase 5 (logging). */
  void processLogging();

  Optional<Interruption> interruption();

  /** Every rule that matched, in order. */
  List<MatchedRule> matchedRules();

  /**
   * The value of a variable as rules see it now, e.g. {@code variable("TX", "blocking_inbound_anomaly_score")};
   * empty when it has none.
   */
  Optional<String> variable(String name, String key);

  /**
   * An internal error that stopped rule evaluation (a bug, never an input): evaluation of later phases is skipped and
   * the caller applies its fail-open or fail-closed policy. Empty when none.
   */
  Optional<String> engineError();

  /** Whether the rule engine runs rules for this transaction (On or DetectionOnly). */
  boolean ruleEngineEnabled();

  /**
   * The request was decided by another inspection already (Envoy's ext_authz before an ext_proc stream that only
   * sees the response): its phases still run, since the response rules read what they set up, and their matches are
   * reported, but they do not interrupt, as with {@code DetectionOnly} for phases 1 and 2. Call before
   * {@link #processRequestHeaders}.
   */
  void requestDecidedElsewhere();

  @Override
  void close();
}
