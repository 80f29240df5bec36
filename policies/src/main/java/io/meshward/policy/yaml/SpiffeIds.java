package io.meshward.policy.yaml;

/** SPIFFE ids and trust domains, as the SPIFFE ID specification defines them. */
final class SpiffeIds {
  private static final String SCHEME = "spiffe://";
  private static final int TRUST_DOMAIN_MAX = 255;
  private static final int ID_MAX = 2048;

  private SpiffeIds() {}

  /** A trust domain: lowercase letters, digits, '.', '-' and '_'. */
  static String trustDomain(String text) {
    if (!isTrustDomain(text)) {
      throw new IllegalArgumentException(Quote.value(text) + " is not a valid SPIFFE trust domain: use at most "
          + TRUST_DOMAIN_MAX + " lowercase letters, digits, '.', '-' and '_'");
    }
    return text;
  }

  /** A workload id {@code spiffe://<trust-domain>/<path>}; the path is required. */
  static String workloadId(String text) {
    String problem = problemWith(text);
    if (problem != null) {
      throw new IllegalArgumentException("invalid SPIFFE id " + Quote.value(text) + ": " + problem);
    }
    return text;
  }

  private static String problemWith(String text) {
    if (!text.startsWith(SCHEME)) {
      return "must be spiffe://<trust-domain>/<path>";
    }
    if (text.length() > ID_MAX) {
      return "must be at most " + ID_MAX + " characters";
    }
    String rest = text.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String trustDomain = slash < 0 ? rest : rest.substring(0, slash);
    if (!isTrustDomain(trustDomain)) {
      return "the trust domain must be lowercase letters, digits, '.', '-' and '_'";
    }
    if (slash < 0 || slash == rest.length() - 1) {
      return "must have a path after the trust domain, such as spiffe://" + trustDomain + "/ns/shop/sa/frontend";
    }
    for (String segment : rest.substring(slash + 1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return "path segments must not be empty, '.' or '..'";
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (!(Names.isAsciiLetter(c) || Names.isDigit(c) || c == '.' || c == '-' || c == '_')) {
          return "path segments may only contain letters, digits, '.', '-' and '_'";
        }
      }
    }
    return null;
  }

  private static boolean isTrustDomain(String text) {
    if (text.isEmpty() || text.length() > TRUST_DOMAIN_MAX) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(Names.isLowerAlnum(c) || c == '.' || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
