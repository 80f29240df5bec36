package io.meshward.waf.crstest;

/**
 * What the emulated web server does with the bytes it received.
 *
 * @param kind {@link Kind#ACCEPTED}: the request reaches the WAF; {@link Kind#REJECTED}: the server answers
 *     {@code status} itself and the WAF never sees the request; {@link Kind#NO_RESPONSE}: the client is left
 *     without a response (it times out) and the WAF never sees the request
 * @param status the server's own answer when rejected, else 0
 * @param reason why (for rejections: what Apache's log would say)
 * @param request the parsed request when accepted, else null
 */
public record ServerDecision(Kind kind, int status, String reason, ParsedRequest request) {
  public enum Kind { ACCEPTED, REJECTED, NO_RESPONSE }

  static ServerDecision accepted(ParsedRequest request) {
    return new ServerDecision(Kind.ACCEPTED, 0, "", request);
  }

  static ServerDecision rejected(int status, String reason) {
    return new ServerDecision(Kind.REJECTED, status, reason, null);
  }

  static ServerDecision noResponse(String reason) {
    return new ServerDecision(Kind.NO_RESPONSE, 0, reason, null);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case ACCEPTED -> "accepted " + request.method() + " " + request.target() + " " + request.protocol();
      case REJECTED -> "rejected with " + status + " (" + reason + ")";
      case NO_RESPONSE -> "no response (" + reason + ")";
    };
  }
}
