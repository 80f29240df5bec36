package io.meshward.waf.service.mapping;

/**
 * One end of a connection as the proxy saw it.
 *
 * @param address an IP address ("0.0.0.0" when the proxy did not say; the engine needs one)
 * @param port the port, 0 when unknown
 * @param principal the peer's identity (a SPIFFE id from its certificate), or empty
 */
public record Endpoint(String address, int port, String principal) {
  public static final Endpoint UNKNOWN = new Endpoint("0.0.0.0", 0, "");
}
