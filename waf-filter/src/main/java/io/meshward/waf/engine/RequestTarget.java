package io.meshward.waf.engine;

/**
 * The parts of a request target as the reference engine derives them: REQUEST_URI (the target without its fragment),
 * REQUEST_FILENAME (the path, percent-decoded), REQUEST_BASENAME (its last segment), QUERY_STRING (raw). A target
 * that cannot be parsed (a control character, a bad percent escape in the path) keeps the whole target as URI and
 * filename, no query string, and an error.
 */
record RequestTarget(String uri, String path, String basename, String query, String error) {

  static RequestTarget parse(String raw) {
    String uri = raw;
    int hash = uri.indexOf('#');
    if (hash >= 0) {
      uri = uri.substring(0, hash);
    }
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return failed(uri, "invalid control character in URL");
      }
    }
    String rest = uri;
    int schemeEnd = rest.indexOf("://");
    if (schemeEnd > 0 && isScheme(rest.substring(0, schemeEnd))) {
      int pathStart = rest.indexOf('/', schemeEnd + 3);
      int queryStart = rest.indexOf('?', schemeEnd + 3);
      if (pathStart < 0 || queryStart >= 0 && queryStart < pathStart) {
        rest = queryStart < 0 ? "" : rest.substring(queryStart);
      } else {
        rest = rest.substring(pathStart);
      }
    }
    int question = rest.indexOf('?');
    String rawPath = question < 0 ? rest : rest.substring(0, question);
    String query = question < 0 ? "" : rest.substring(question + 1);
    if (!rawPath.startsWith("/") && !rawPath.isEmpty() && !rawPath.equals("*")) {
      int colon = rawPath.indexOf(':');
      int slash = rawPath.indexOf('/');
      if (colon >= 0 && (slash < 0 || colon < slash)) {
        return failed(uri, "first path segment in URL cannot contain colon");
      }
    }
    String path = decodePath(rawPath);
    if (path == null) {
      return failed(uri, "invalid URL escape in path");
    }
    return new RequestTarget(uri, path, basename(path), query, null);
  }

  private static RequestTarget failed(String uri, String error) {
    return new RequestTarget(uri, uri, basename(uri), "", error);
  }

  private static boolean isScheme(String text) {
    if (text.isEmpty() || !Character.isLetter(text.charAt(0))) {
      return false;
    }
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static String basename(String path) {
    int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    if (cut >= 0 && path.length() > cut + 1) {
      return path.substring(cut + 1);
    }
    return path;
  }

  /** Percent-decodes a path; null when an escape is malformed. '+' stays '+'. */
  private static String decodePath(String path) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 2 >= path.length() || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0) {
        return null;
      }
      out.append((char) (hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2))));
      i += 2;
    }
    return out.toString();
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
