package io.meshward.policy.yaml;

/** {@code host:port} addresses: a DNS name, an IPv4 address or a bracketed IPv6 address, and a port 1-65535. */
final class HostPorts {
  private HostPorts() {}

  /** Returns the address unchanged when valid; the exception's message is fit for an operator. */
  static String check(String text) {
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || IpAddresses.parseV6(text.substring(1, close)).isEmpty()) {
        throw invalid(text, "the part in brackets must be an IPv6 address");
      }
      if (close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        throw invalid(text, "expected host:port");
      }
      port = text.substring(close + 2);
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0) {
        throw invalid(text, "expected host:port, such as 127.0.0.1:9191");
      }
      String host = text.substring(0, colon);
      if (host.indexOf(':') >= 0) {
        throw invalid(text, "write an IPv6 address in brackets, such as [::1]:9191");
      }
      checkHost(text, host);
      port = text.substring(colon + 1);
    }
    checkPort(text, port);
    return text;
  }

  private static void checkHost(String text, String host) {
    boolean looksNumeric = !host.isEmpty() && host.chars().allMatch(c -> c == '.' || Names.isDigit((char) c));
    if (looksNumeric) {
      if (IpAddresses.parseV4(host).isEmpty()) {
        throw invalid(text, Quote.value(host) + " is not a valid IPv4 address");
      }
      return;
    }
    if (!isHostName(host)) {
      throw invalid(text, Quote.value(host) + " is not a valid host name");
    }
  }

  /** RFC 1123 host name: dot-separated labels of letters, digits and '-', not starting or ending with '-'. */
  private static boolean isHostName(String host) {
    if (host.isEmpty() || host.length() > Names.SUBDOMAIN_MAX) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > Names.LABEL_MAX || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!(Names.isAsciiLetter(c) || Names.isDigit(c) || c == '-')) {
          return false;
        }
      }
    }
    return true;
  }

  private static void checkPort(String text, String port) {
    boolean digits = !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(c -> Names.isDigit((char) c));
    int value = digits ? Integer.parseInt(port) : 0;
    if (value < 1 || value > 65535) {
      throw invalid(text, "the port must be a number 1-65535");
    }
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid address " + Quote.value(text) + ": " + why);
  }
}
