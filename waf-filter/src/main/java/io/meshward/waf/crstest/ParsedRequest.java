package io.meshward.waf.crstest;

import java.util.List;

/**
 * A request as the emulated web server understood it, which is what it hands the WAF. Strings carry one char per
 * byte (ISO-8859-1), the engine's convention for raw HTTP data.
 *
 * @param method the method token
 * @param target the request target exactly as received (ModSecurity's REQUEST_URI_RAW)
 * @param protocol the protocol as the server reports it ("HTTP/1.1"; "HTTP/0.9" for a request line without one)
 * @param headers the headers as the server keeps them: repeated names merged into the first with ", ", a
 *     Content-Length dropped when Transfer-Encoding is chunked, the Host replaced by the host of an absolute target
 * @param body the request body (de-chunked), empty when the request has none
 * @param simpleRequest an HTTP/0.9 request: no headers were read and the answer will be a bare body (go-ftw cannot
 *     parse it and reports a connection error)
 * @param path the decoded-free path the backend routes on ("/" when the target has none)
 * @param statusAfterPhase1 0, or the status the server answers with right after the WAF's request-headers phase
 *     (an absolute target whose scheme is not http or https)
 * @param bodyProblem null, or why the body could not be read after phase 1 ("the body ends before its
 *     Content-Length": the client then times out; "malformed chunked body": 400)
 */
public record ParsedRequest(
    String method,
    String target,
    String protocol,
    List<HeaderField> headers,
    byte[] body,
    boolean simpleRequest,
    String path,
    int statusAfterPhase1,
    String bodyProblem) {

  public ParsedRequest {
    headers = List.copyOf(headers);
  }

  /** The first value of the header (names compare case-insensitively), or null. */
  public String header(String name) {
    for (HeaderField h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }
}
