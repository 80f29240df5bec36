package io.meshward.policy.yaml;

import io.meshward.policy.model.Source;
import java.util.Optional;

/** Network prefixes of ingress sources: {@code 10.0.0.0/8}, {@code fd00::/8}, or a bare address for one host. */
final class Cidrs {
  private Cidrs() {}

  /** Parses a prefix into its canonical form; the exception's message is fit for an operator. */
  static Source.Cidr parse(String text) {
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    boolean v6 = addressText.indexOf(':') >= 0;
    Optional<byte[]> parsed = v6 ? IpAddresses.parseV6(addressText) : IpAddresses.parseV4(addressText);
    if (parsed.isEmpty()) {
      throw invalid(text, Quote.value(addressText) + " is not an IPv4 or IPv6 address");
    }
    byte[] address = parsed.get();
    int maxLength = address.length * 8;
    int length = slash < 0 ? maxLength : prefixLength(text, text.substring(slash + 1), maxLength, v6);
    byte[] network = network(address, length);
    if (!java.util.Arrays.equals(address, network)) {
      throw invalid(text, "host bits are set (did you mean " + IpAddresses.format(network) + "/" + length + "?)");
    }
    return new Source.Cidr(IpAddresses.format(address), length);
  }

  private static int prefixLength(String text, String lengthText, int maxLength, boolean v6) {
    boolean digits = !lengthText.isEmpty() && lengthText.length() <= 3
        && lengthText.chars().allMatch(c -> Names.isDigit((char) c))
        && (lengthText.length() == 1 || lengthText.charAt(0) != '0');
    if (!digits || Integer.parseInt(lengthText) > maxLength) {
      throw invalid(text, "prefix length must be 0-" + maxLength + " for " + (v6 ? "IPv6" : "IPv4"));
    }
    return Integer.parseInt(lengthText);
  }

  private static byte[] network(byte[] address, int length) {
    byte[] network = address.clone();
    for (int bit = length; bit < network.length * 8; bit++) {
      network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return network;
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid CIDR " + Quote.value(text) + ": " + why);
  }
}
