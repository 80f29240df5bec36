package io.meshward.policy.yaml;

/**
 * Syntax of the names a policy uses. Checked with plain loops rather than regular expressions so that hostile input
 * costs linear time, and with Kubernetes' own rules so that a policy is also a valid custom resource.
 */
final class Names {
  static final int LABEL_MAX = 63;
  static final int SUBDOMAIN_MAX = 253;
  private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

  private Names() {}

  /** An RFC 1123 label, as Kubernetes requires of namespaces and many other names. */
  static String dnsLabel(String text) {
    if (!isDnsLabel(text)) {
      throw new IllegalArgumentException(Quote.value(text) + " is not a valid DNS-1123 label: use at most "
          + LABEL_MAX + " lowercase letters, digits and '-', starting and ending with a letter or digit");
    }
    return text;
  }

  /** An RFC 1123 subdomain, as Kubernetes requires of object names. */
  static String dnsSubdomain(String text) {
    if (!isDnsSubdomain(text)) {
      throw new IllegalArgumentException(Quote.value(text) + " is not a valid DNS-1123 subdomain: use at most "
          + SUBDOMAIN_MAX + " lowercase letters, digits, '-' and '.', each dot-separated part starting and ending"
          + " with a letter or digit");
    }
    return text;
  }

  /** A Kubernetes label key: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters. */
  static String labelKey(String text) {
    int slash = text.indexOf('/');
    String prefix = slash < 0 ? "" : text.substring(0, slash);
    String name = slash < 0 ? text : text.substring(slash + 1);
    boolean prefixOk = slash < 0 || isDnsSubdomain(prefix);
    if (!prefixOk || name.isEmpty() || !isLabelName(name)) {
      throw new IllegalArgumentException(Quote.value(text) + " is not a valid label key: use an optional DNS"
          + " subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with"
          + " a letter or digit");
    }
    return text;
  }

  /** A Kubernetes label value: empty, or like the name part of a key. */
  static String labelValue(String text) {
    if (!text.isEmpty() && !isLabelName(text)) {
      throw new IllegalArgumentException(Quote.value(text) + " is not a valid label value: use at most 63 letters,"
          + " digits, '-', '_' and '.', starting and ending with a letter or digit");
    }
    return text;
  }

  /** An RFC 9110 token, the syntax of HTTP methods and header names. */
  static boolean isHttpToken(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(isAsciiLetter(c) || isDigit(c) || TOKEN_SYMBOLS.indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  static boolean isDnsLabel(String text) {
    if (text.isEmpty() || text.length() > LABEL_MAX) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean edge = i == 0 || i == text.length() - 1;
      if (!(isLowerAlnum(c) || (c == '-' && !edge))) {
        return false;
      }
    }
    return true;
  }

  static boolean isDnsSubdomain(String text) {
    if (text.isEmpty() || text.length() > SUBDOMAIN_MAX) {
      return false;
    }
    for (String part : text.split("\\.", -1)) {
      if (!isDnsLabel(part)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLabelName(String text) {
    if (text.isEmpty() || text.length() > LABEL_MAX) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alnum = isAsciiLetter(c) || isDigit(c);
      boolean edge = i == 0 || i == text.length() - 1;
      if (!(alnum || (!edge && (c == '-' || c == '_' || c == '.')))) {
        return false;
      }
    }
    return true;
  }

  static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || isDigit(c);
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
