package io.meshward.waf.service.respond;

/**
 * The id a denial names. Envoy's {@code x-request-id} when it looks like one (so that the access log and the denial
 * agree); otherwise the engine transaction's own id: a client can set x-request-id, and whatever it sets must not be
 * echoed into our answer.
 */
public final class RequestIds {
  private RequestIds() {}

  private static final char[] ID_CHARS =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  /** A fresh id: names a transaction in logs, not a secret, so a fast per-thread generator serves. */
  public static String generate() {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    char[] id = new char[20];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
    }
    return new String(id);
  }

  public static String choose(String proxyId, String transactionId) {
    return proxyId != null && isSafe(proxyId) ? proxyId : transactionId;
  }

  /** 8 to 64 ASCII letters, digits and dashes: what Envoy's UUIDs look like, and nothing to escape anywhere. */
  static boolean isSafe(String id) {
    int n = id.length();
    if (n < 8 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
