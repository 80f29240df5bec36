package io.meshward.waf.replay;

import io.meshward.waf.service.mapping.HeaderField;
import java.util.List;
import java.util.Optional;

/**
 * One request from a recording, with its response when the recording has one. Strings carry one char per byte, as
 * the engine reads them.
 *
 * @param where where in the recording it came from ("entry 3", "line 7"), for reports and errors
 * @param method the method
 * @param target the request target: path and query, raw
 * @param protocol e.g. "HTTP/1.1"
 * @param headers the request headers in order (pseudo-headers left out; Host added from the URL when missing)
 * @param body the request body (empty when none)
 * @param response the response, when recorded
 */
public record RecordedExchange(
    String where,
    String method,
    String target,
    String protocol,
    List<HeaderField> headers,
    byte[] body,
    Optional<RecordedResponse> response) {

  public RecordedExchange {
    headers = List.copyOf(headers);
  }

  /**
   * A recorded response.
   *
   * @param status the status code
   * @param headers the headers in order
   * @param body the body (empty when the recording has none)
   */
  public record RecordedResponse(int status, List<HeaderField> headers, byte[] body) {
    public RecordedResponse {
      headers = List.copyOf(headers);
    }
  }
}
