package io.meshward.policy.yaml;

import java.util.Locale;

/** HTTP methods, header names and header values of rules, in their canonical case. */
final class HttpSyntax {
  private HttpSyntax() {}

  /** A method token, upper-cased: methods are case-sensitive in HTTP, and every standard one is upper case. */
  static String method(String text) {
    if (!Names.isHttpToken(text)) {
      throw new IllegalArgumentException(Quote.value(text) + " is not a valid HTTP method: use letters, digits and"
          + " the token characters !#$%&'*+-.^_`|~");
    }
    return text.toUpperCase(Locale.ROOT);
  }

  /** A header name, lower-cased as HTTP/2 carries it; a leading ':' names a pseudo-header such as :authority. */
  static String headerName(String text) {
    String token = text.startsWith(":") ? text.substring(1) : text;
    if (!Names.isHttpToken(token)) {
      throw new IllegalArgumentException(Quote.value(text) + " is not a valid header name: use letters, digits and"
          + " the token characters !#$%&'*+-.^_`|~, with an optional leading ':' for pseudo-headers");
    }
    return text.toLowerCase(Locale.ROOT);
  }

  /** A value to compare with; a line break in it could never match, and would corrupt generated configuration. */
  static String headerValue(String text) {
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a header value cannot contain a line break");
    }
    return text;
  }

  static String headerPrefix(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("a header prefix must not be empty: use 'present: true' to only require"
          + " the header");
    }
    return headerValue(text);
  }
}
