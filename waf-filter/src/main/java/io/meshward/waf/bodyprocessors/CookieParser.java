package io.meshward.waf.bodyprocessors;

import java.util.ArrayList;
import java.util.List;

/**
 * The Cookie request header as ModSecurity v3 splits it into REQUEST_COOKIES / REQUEST_COOKIES_NAMES.
 *
 * <p>The header value is split on {@code ;}. Trailing whitespace after the last pair is dropped; empty pieces are
 * skipped. Each piece splits at its first {@code =} (a piece without {@code =} is a name with an empty value);
 * leading whitespace of the name is removed, and a piece whose name is then empty ({@code " =x"}) is skipped. Nothing
 * is url-decoded or unquoted, and values keep their whitespace ({@code a= 1 } gives {@code " 1 "} unless it is the
 * last pair). Repeated names are all kept, in order.
 */
public final class CookieParser {
  private CookieParser() {}

  /** Parses one Cookie header value (a byte string). Call once per Cookie header. */
  public static List<NamedValue> parse(String headerValue) {
    List<NamedValue> out = new ArrayList<>();
    if (headerValue == null || headerValue.isEmpty()) {
      return out;
    }
    int n = headerValue.length();
    while (n > 0 && ByteStrings.isSpace(headerValue.charAt(n - 1))) {
      n--;
    }
    int start = 0;
    while (start < n) {
      int end = headerValue.indexOf(';', start);
      if (end < 0 || end > n) {
        end = n;
      }
      int nameStart = start;
      while (nameStart < end && ByteStrings.isSpace(headerValue.charAt(nameStart))) {
        nameStart++;
      }
      int eq = headerValue.indexOf('=', nameStart);
      if (eq >= end) {
        eq = -1;
      }
      String name = headerValue.substring(nameStart, eq < 0 ? end : eq);
      if (!name.isEmpty()) {
        out.add(new NamedValue(name, eq < 0 ? "" : headerValue.substring(eq + 1, end)));
      }
      start = end + 1;
    }
    return out;
  }
}
