package io.meshward.controlplane.translate;

import com.google.common.net.InetAddresses;

/** A "host:port" address as Envoy clusters need it: an IP literal (STATIC) or a DNS name (STRICT_DNS). */
record HostPort(String host, int port) {

  /** Parses "host:port" or "[ipv6]:port"; the policy layer has already validated the text. */
  static HostPort parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
  }

  boolean isIpLiteral() {
    return InetAddresses.isInetAddress(host);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
