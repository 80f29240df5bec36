package io.meshward.waf.crstest;

import java.util.List;

/**
 * What happened when a stage's request was sent: how the server took it, what the client saw and what the WAF
 * logged.
 *
 * @param request the bytes go-ftw would have sent
 * @param decision the emulated server's decision
 * @param wafRan whether the request reached the WAF
 * @param response the response the client read, or null when it saw a connection-level error
 * @param clientError why the client saw no parseable response, or null
 * @param log the WAF's error-log lines for this transaction, one per logged rule match, in order
 * @param notes anything worth knowing when the stage fails (an interruption, a body the server could not read)
 */
public record StageOutcome(
    byte[] request,
    ServerDecision decision,
    boolean wafRan,
    HttpResponse response,
    String clientError,
    List<String> log,
    List<String> notes) {

  public StageOutcome {
    log = List.copyOf(log);
    notes = List.copyOf(notes);
  }

  /** A short statement of what the client saw: "status 200", "connection error (...)". */
  public String clientView() {
    return clientError != null ? "a connection error (" + clientError + ")" : "status " + response.status();
  }
}
