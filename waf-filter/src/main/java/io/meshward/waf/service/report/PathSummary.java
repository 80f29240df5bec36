package io.meshward.waf.service.report;

/**
 * The part of a request target that may be reported: the path, without query string or fragment (where tokens and
 * search terms live), cut at {@link #MAX_CHARS}, control and non-ASCII characters replaced by '?'. Learning needs
 * paths; it never needs queries.
 */
public final class PathSummary {
  public static final int MAX_CHARS = 256;
  public static final int MAX_METHOD_CHARS = 32;

  private PathSummary() {}

  public static String of(String target) {
    if (target == null || target.isEmpty()) {
      return "";
    }
    int end = target.length();
    int query = target.indexOf('?');
    if (query >= 0) {
      end = query;
    }
    int fragment = target.indexOf('#');
    if (fragment >= 0 && fragment < end) {
      end = fragment;
    }
    return printable(target, end, MAX_CHARS);
  }

  public static String method(String method) {
    return method == null ? "" : printable(method, method.length(), MAX_METHOD_CHARS);
  }

  private static String printable(String text, int end, int max) {
    StringBuilder out = new StringBuilder(Math.min(end, max + 3));
    for (int i = 0; i < end && out.length() < max; i++) {
      char c = text.charAt(i);
      out.append(c < 0x21 || c > 0x7e ? '?' : c);
    }
    if (end > max) {
      out.append("...");
    }
    return out.toString();
  }
}
