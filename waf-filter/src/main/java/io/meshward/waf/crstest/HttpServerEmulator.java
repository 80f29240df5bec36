package io.meshward.waf.crstest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The web server in front of the WAF, reduced to what decides whether a request reaches the WAF and in what form.
 * CRS's regression tests are written against Apache httpd 2.4 with ModSecurity (the reference platform, in its default
 * {@code HttpProtocolOptions Strict LenientMethods Allow0.9}); every {@code status: 400} stage of the suite records a
 * request Apache refuses before ModSecurity's first phase runs. This class reproduces, in its own code, the rules
 * Apache applies up to that point:
 *
 * <ul>
 *   <li><b>Lines</b>: each line must end in CRLF (a bare LF is a 400), hold no NUL byte, and fit the 8,190-byte limits
 *       (request line: 414; header field: 400). Up to ten empty lines may precede the request line. A request whose
 *       bytes end before its header section does leaves the client waiting: no response.</li>
 *   <li><b>Request line</b>: {@code METHOD SP TARGET [SP PROTOCOL]} with exactly one space between the parts, no
 *       leading or trailing whitespace, a method of token characters, a target of visible characters, and a protocol
 *       that is exactly {@code HTTP/d.d} with a non-zero major digit (upper case). No protocol means HTTP/0.9, allowed
 *       only for GET; its headers are never read and its answer is a bare body.</li>
 *   <li><b>Target</b>: origin form ({@code /path?query}), absolute form ({@code scheme://host[:port]/path}),
 *       {@code *} for OPTIONS, {@code host:port} for CONNECT. A path that does not start with {@code /}, a fragment
 *       ({@code #...}), user information, or an unparseable authority is a 400.</li>
 *   <li><b>Headers</b>: {@code name: value} with a token name directly followed by the colon and a value of visible
 *       characters, spaces and tabs (a CR or other control character is a 400); obsolete line folding is joined with
 *       a space; at most 100 fields. Repeated names are merged into the first with ", ".</li>
 *   <li><b>Framing</b>: a Content-Length must be all digits (else 400); a Transfer-Encoding must end in
 *       {@code chunked} (else 400) and then removes the Content-Length.</li>
 *   <li><b>Host</b>: validated as a host name or address (letters, digits, '-', '.'; a dotted quad with exactly three
 *       dots; a bracketed IPv6 literal; an optional port 1-65535), else 400. An HTTP/1.1 request needs a non-empty
 *       Host (or an absolute target), else 400; an absolute target's host replaces the Host header. An
 *       {@code Expect} other than {@code 100-continue} is a 417.</li>
 *   <li><b>After the WAF's first phase</b>: an absolute target whose scheme is not http(s) is answered 400.</li>
 *   <li><b>Body</b>: Content-Length bytes (the rest of the stream belongs to a next request), or the de-chunked
 *       body; none otherwise. A body shorter than its Content-Length leaves the client waiting.</li>
 * </ul>
 *
 * <p>Not emulated, because no CRS expectation depends on it and it is not parsing: Apache's later URL mapping
 * (path normalisation, {@code %2F} refusal, the proxy to the backend), which runs after the WAF's first phase.
 */
public final class HttpServerEmulator {
  static final int LIMIT_REQUEST_LINE = 8190;
  static final int LIMIT_FIELD_SIZE = 8190;
  static final int LIMIT_FIELDS = 100;
  static final int LIMIT_BLANK_LINES = 10;

  private HttpServerEmulator() {}

  /** Parses what the client sent. */
  public static ServerDecision receive(byte[] raw) {
    Cursor in = new Cursor(raw);

    // -- the request line, after at most ten empty lines
    Line line = null;
    for (int blank = 0; blank <= LIMIT_BLANK_LINES; blank++) {
      line = in.line(LIMIT_REQUEST_LINE);
      if (line.error != null || !line.text.isEmpty()) {
        break;
      }
    }
    if (line.error == LineError.INCOMPLETE) {
      return ServerDecision.noResponse("the request line never ends (the server keeps waiting)");
    }
    if (line.error == LineError.TOO_LONG) {
      return ServerDecision.rejected(414, "request line longer than " + LIMIT_REQUEST_LINE + " bytes");
    }
    if (line.error != null) {
      return ServerDecision.rejected(400, "request line " + line.error.message);
    }
    RequestLine requestLine;
    try {
      requestLine = RequestLine.parse(line.text);
    } catch (BadRequest e) {
      return ServerDecision.rejected(400, "request line: " + e.getMessage());
    }

    // -- headers (an HTTP/0.9 request has none)
    List<HeaderField> headers = new ArrayList<>();
    if (!requestLine.simple) {
      try {
        headers = readHeaders(in);
      } catch (BadRequest e) {
        return ServerDecision.rejected(400, e.getMessage());
      } catch (Incomplete e) {
        return ServerDecision.noResponse("the header section never ends (the server keeps waiting)");
      }
    }

    // -- framing
    String contentLength = get(headers, "Content-Length");
    if (contentLength != null && !isStrictLength(contentLength)) {
      return ServerDecision.rejected(400, "invalid Content-Length (" + contentLength + ")");
    }
    String transferEncoding = get(headers, "Transfer-Encoding");
    boolean chunked = false;
    if (transferEncoding != null) {
      if (!endsWithChunked(transferEncoding)) {
        return ServerDecision.rejected(400, "unknown Transfer-Encoding (" + transferEncoding + ")");
      }
      chunked = true;
      if (contentLength != null) {
        headers.removeIf(h -> h.name().equalsIgnoreCase("Content-Length"));
        contentLength = null;
      }
    }

    // -- host and expectations
    String host = get(headers, "Host");
    boolean hasHostname = false;
    if (requestLine.uriHostname != null) {
      try {
        String canonical = checkHostname(requestLine.uriHostname, false);
        hasHostname = true;
        if (host != null) {
          String replacement = (canonical.contains(":") ? "[" + canonical + "]" : canonical)
              + (requestLine.uriPort != null ? ":" + requestLine.uriPort : "");
          set(headers, "Host", replacement);
        }
      } catch (BadRequest e) {
        return ServerDecision.rejected(400, "malformed host in the request target: " + e.getMessage());
      }
    } else if (host != null && !host.isEmpty()) {
      try {
        checkHostname(host, true);
        hasHostname = true;
      } catch (BadRequest e) {
        return ServerDecision.rejected(400, "malformed Host header (" + host + "): " + e.getMessage());
      }
    }
    if ((!hasHostname && requestLine.version >= 11) || (requestLine.version == 11 && host == null)) {
      return ServerDecision.rejected(400, "HTTP/1.1 request without a host name");
    }
    String expect = get(headers, "Expect");
    if (expect != null && !expect.isEmpty() && !expect.equalsIgnoreCase("100-continue")) {
      return ServerDecision.rejected(417, "unrecognised Expect (" + expect + ")");
    }

    // -- the body
    byte[] body = new byte[0];
    String bodyProblem = null;
    if (chunked) {
      try {
        body = dechunk(in);
      } catch (BadRequest e) {
        bodyProblem = "malformed chunked body: " + e.getMessage();
      } catch (Incomplete e) {
        bodyProblem = "the chunked body never ends (the server keeps waiting)";
      }
    } else if (contentLength != null) {
      long length = Long.parseLong(contentLength);
      if (length > in.remaining()) {
        bodyProblem = "the body ends before its Content-Length (the server keeps waiting)";
        body = in.rest();
      } else {
        body = in.take((int) length);
      }
    }

    int statusAfterPhase1 = 0;
    if (requestLine.scheme != null && !requestLine.scheme.equalsIgnoreCase("http")
        && !requestLine.scheme.equalsIgnoreCase("https")) {
      statusAfterPhase1 = 400;
    }
    return ServerDecision.accepted(new ParsedRequest(requestLine.method, requestLine.target, requestLine.protocol,
        headers, body, requestLine.simple, requestLine.path, statusAfterPhase1, bodyProblem));
  }

  // ---- lines

  private enum LineError {
    INCOMPLETE("never ends"), TOO_LONG("too long"), BARE_LF("ends in a bare LF, not CRLF"),
    NUL("holds a NUL byte");

    final String message;

    LineError(String message) {
      this.message = message;
    }
  }

  private record Line(String text, LineError error) {}

  private static final class BadRequest extends Exception {
    BadRequest(String message) {
      super(message);
    }
  }

  private static final class Incomplete extends Exception {
    Incomplete() {
      super(null, null, false, false);
    }
  }

  /** A read position in the received bytes. */
  private static final class Cursor {
    private final byte[] data;
    private int pos;

    Cursor(byte[] data) {
      this.data = data;
    }

    Line line(int limit) {
      int lf = -1;
      for (int i = pos; i < data.length; i++) {
        if (data[i] == '\n') {
          lf = i;
          break;
        }
      }
      if (lf < 0) {
        return new Line(null, data.length - pos > limit + 1 ? LineError.TOO_LONG : LineError.INCOMPLETE);
      }
      int end = lf;
      LineError error = null;
      if (end > pos && data[end - 1] == '\r') {
        end--;
      } else {
        error = LineError.BARE_LF;
      }
      if (end - pos > limit) {
        error = LineError.TOO_LONG;
      }
      String text = new String(data, pos, end - pos, StandardCharsets.ISO_8859_1);
      if (error == null && text.indexOf('\0') >= 0) {
        error = LineError.NUL;
      }
      pos = lf + 1;
      return new Line(text, error);
    }

    int remaining() {
      return data.length - pos;
    }

    byte[] take(int n) {
      byte[] out = new byte[n];
      System.arraycopy(data, pos, out, 0, n);
      pos += n;
      return out;
    }

    byte[] rest() {
      return take(remaining());
    }
  }

  // ---- the request line

  /** A request line Apache accepts. */
  private static final class RequestLine {
    String method;
    String target;
    String protocol;
    int version; // major * 10 + minor
    boolean simple;
    String scheme;
    String uriHostname;
    String uriPort;
    String path;

    static RequestLine parse(String line) throws BadRequest {
      RequestLine r = new RequestLine();
      int n = line.length();
      if (n > 0 && isSpace(line.charAt(0))) {
        throw new BadRequest("whitespace before the method");
      }
      int i = 0;
      while (i < n && GoCompat.isTokenChar(line.charAt(i))) {
        i++;
      }
      if (i == 0 || (i < n && !isSpace(line.charAt(i)))) {
        throw new BadRequest("invalid method token");
      }
      r.method = line.substring(0, i);
      if (i == n) {
        throw new BadRequest("missing URI");
      }
      if (line.charAt(i) != ' ') {
        throw new BadRequest("invalid whitespace after the method");
      }
      if (i + 1 < n && isSpace(line.charAt(i + 1))) {
        throw new BadRequest("excess whitespace after the method");
      }
      int uriStart = i + 1;
      int j = uriStart;
      while (j < n && isVisibleOrObsText(line.charAt(j))) {
        j++;
      }
      if (j == uriStart) {
        throw new BadRequest("missing URI");
      }
      if (j < n && !isSpace(line.charAt(j))) {
        throw new BadRequest("URI holds a control character");
      }
      r.target = line.substring(uriStart, j);
      String protocol = "";
      if (j < n) {
        if (line.charAt(j) != ' ') {
          throw new BadRequest("invalid whitespace after the URI");
        }
        if (j + 1 < n && isSpace(line.charAt(j + 1))) {
          throw new BadRequest("excess whitespace after the URI");
        }
        int protoStart = j + 1;
        int k = protoStart;
        while (k < n && isVisibleOrObsText(line.charAt(k))) {
          k++;
        }
        if (k < n) {
          throw new BadRequest(isSpace(line.charAt(k)) ? "text or whitespace after the protocol"
              : "invalid protocol");
        }
        protocol = line.substring(protoStart, k);
      }
      if (protocol.isEmpty()) {
        r.simple = true;
        r.protocol = "HTTP/0.9";
        r.version = 9;
      } else if (protocol.length() == 8 && protocol.startsWith("HTTP/") && isDigit(protocol.charAt(5))
          && protocol.charAt(6) == '.' && isDigit(protocol.charAt(7)) && protocol.charAt(5) != '0') {
        r.protocol = protocol;
        r.version = (protocol.charAt(5) - '0') * 10 + (protocol.charAt(7) - '0');
      } else {
        throw new BadRequest("unrecognised protocol '" + protocol + "'");
      }
      boolean connect = r.method.equals("CONNECT");
      if (connect) {
        r.parseHostInfo(r.target);
      } else {
        r.parseUri(r.target);
        if (r.path != null && !r.path.startsWith("/") && !(r.method.equals("OPTIONS") && r.path.equals("*"))) {
          throw new BadRequest("invalid request target (the path must start with '/')");
        }
      }
      if (r.simple && !r.method.equals("GET")) {
        throw new BadRequest("only GET is allowed in an HTTP/0.9 request");
      }
      if (r.path == null) {
        r.path = r.method.equals("OPTIONS") ? "*" : "/";
      }
      return r;
    }

    /** CONNECT's {@code host:port} (or {@code [v6]:port}). */
    void parseHostInfo(String target) throws BadRequest {
      int colon;
      if (target.startsWith("[")) {
        int close = target.indexOf(']');
        if (close < 0 || close + 1 >= target.length() || target.charAt(close + 1) != ':') {
          throw new BadRequest("CONNECT target needs host:port");
        }
        colon = close + 1;
        uriHostname = target.substring(1, close);
      } else {
        colon = target.indexOf(':');
        if (colon < 0) {
          throw new BadRequest("CONNECT target needs host:port");
        }
        uriHostname = target.substring(0, colon);
      }
      String port = target.substring(colon + 1);
      if (!port.isEmpty() && !port.chars().allMatch(HttpServerEmulator::isDigit)) {
        throw new BadRequest("invalid port in the CONNECT target");
      }
      uriPort = port.isEmpty() ? null : port;
    }

    /** Origin or absolute form; leading "//" pairs are skipped first, as Apache does. */
    void parseUri(String target) throws BadRequest {
      String uri = target;
      while (uri.startsWith("//")) {
        uri = uri.substring(1);
      }
      String rest = uri;
      if (!uri.startsWith("/")) {
        int s = 0;
        if (!uri.isEmpty() && isAlpha(uri.charAt(0))) {
          s = 1;
          while (s < uri.length() && (isAlpha(uri.charAt(s)) || isDigit(uri.charAt(s))
              || "+-.".indexOf(uri.charAt(s)) >= 0)) {
            s++;
          }
        }
        if (s > 0 && uri.startsWith("://", s)) {
          scheme = uri.substring(0, s);
          int authorityStart = s + 3;
          int authorityEnd = authorityStart;
          while (authorityEnd < uri.length() && "/?#".indexOf(uri.charAt(authorityEnd)) < 0) {
            authorityEnd++;
          }
          authority(uri.substring(authorityStart, authorityEnd));
          rest = uri.substring(authorityEnd);
        }
      }
      int question = rest.indexOf('?');
      int hash = rest.indexOf('#');
      int pathEnd = rest.length();
      if (question >= 0) {
        pathEnd = question;
      }
      if (hash >= 0 && hash < pathEnd) {
        pathEnd = hash;
      }
      path = pathEnd == 0 ? null : rest.substring(0, pathEnd);
      if (hash >= 0) {
        throw new BadRequest("the URI holds a fragment");
      }
    }

    private void authority(String authority) throws BadRequest {
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        throw new BadRequest("the URI holds user information");
      }
      String host = authority;
      String port = null;
      if (host.startsWith("[")) {
        int close = host.indexOf(']');
        if (close < 0) {
          throw new BadRequest("unterminated IPv6 literal");
        }
        String after = host.substring(close + 1);
        if (!after.isEmpty() && !after.startsWith(":")) {
          throw new BadRequest("text after the IPv6 literal");
        }
        port = after.isEmpty() ? null : after.substring(1);
        host = host.substring(1, close);
      } else {
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
          port = host.substring(colon + 1);
          host = host.substring(0, colon);
        }
      }
      if (port != null && !port.chars().allMatch(HttpServerEmulator::isDigit)) {
        throw new BadRequest("invalid port in the URI");
      }
      if (scheme.equalsIgnoreCase("http")) {
        uriHostname = host;
        uriPort = port == null || port.isEmpty() ? null : port;
      }
    }
  }

  // ---- headers

  private static List<HeaderField> readHeaders(Cursor in) throws BadRequest, Incomplete {
    List<HeaderField> fields = new ArrayList<>();
    StringBuilder last = null;
    while (true) {
      Line line = in.line(LIMIT_FIELD_SIZE);
      if (line.error == LineError.INCOMPLETE) {
        throw new Incomplete();
      }
      if (line.error != null) {
        throw new BadRequest("header line " + line.error.message);
      }
      String text = line.text;
      int len = text.length();
      while (len > 1 && (text.charAt(len - 1) == ' ' || text.charAt(len - 1) == '\t')) {
        len--;
      }
      text = text.substring(0, len);
      if (!text.isEmpty() && (text.charAt(0) == ' ' || text.charAt(0) == '\t')) {
        if (last == null) {
          throw new BadRequest("line folding before the first header");
        }
        if (text.length() == 1) {
          throw new BadRequest("empty folded line");
        }
        int k = 0;
        while (k + 1 < text.length() && (text.charAt(k + 1) == ' ' || text.charAt(k + 1) == '\t')) {
          k++;
        }
        if (last.length() + text.length() - k >= LIMIT_FIELD_SIZE) {
          throw new BadRequest("header longer than " + LIMIT_FIELD_SIZE + " bytes after folding");
        }
        last.append(' ').append(text, k + 1, text.length());
        continue;
      }
      if (last != null) {
        if (fields.size() + 1 > LIMIT_FIELDS) {
          throw new BadRequest("more than " + LIMIT_FIELDS + " header fields");
        }
        fields.add(field(last.toString()));
      }
      if (text.isEmpty()) {
        break;
      }
      last = new StringBuilder(text);
    }
    List<HeaderField> merged = merge(fields);
    for (HeaderField h : merged) {
      if (h.value().length() > LIMIT_FIELD_SIZE) {
        throw new BadRequest("header " + h.name() + " longer than " + LIMIT_FIELD_SIZE + " bytes after merging");
      }
    }
    return merged;
  }

  private static HeaderField field(String line) throws BadRequest {
    int i = 0;
    while (i < line.length() && GoCompat.isTokenChar(line.charAt(i))) {
      i++;
    }
    if (i == 0 || i >= line.length() || line.charAt(i) != ':') {
      throw new BadRequest("malformed header field name: " + abbreviate(line));
    }
    String name = line.substring(0, i);
    int v = i + 1;
    while (v < line.length() && (line.charAt(v) == ' ' || line.charAt(v) == '\t')) {
      v++;
    }
    String value = line.substring(v);
    for (int k = 0; k < value.length(); k++) {
      char c = value.charAt(k);
      if (c != '\t' && (c < 0x20 || c == 0x7f)) {
        throw new BadRequest("header " + name + " holds a control character (0x"
            + Integer.toHexString(c) + ")");
      }
    }
    return new HeaderField(name, value);
  }

  /** Apache's table compression: a repeated name is merged into its first occurrence, values joined by ", ". */
  static List<HeaderField> merge(List<HeaderField> fields) {
    List<HeaderField> merged = new ArrayList<>();
    for (HeaderField field : fields) {
      int at = -1;
      for (int k = 0; k < merged.size(); k++) {
        if (merged.get(k).name().equalsIgnoreCase(field.name())) {
          at = k;
          break;
        }
      }
      if (at < 0) {
        merged.add(field);
      } else {
        HeaderField first = merged.get(at);
        merged.set(at, new HeaderField(first.name(), first.value() + ", " + field.value()));
      }
    }
    return merged;
  }

  private static String get(List<HeaderField> headers, String name) {
    for (HeaderField h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  private static void set(List<HeaderField> headers, String name, String value) {
    for (int k = 0; k < headers.size(); k++) {
      if (headers.get(k).name().equalsIgnoreCase(name)) {
        headers.set(k, new HeaderField(headers.get(k).name(), value));
        return;
      }
    }
  }

  /** Apache's strict length: digits only, no sign or space, within a signed 64-bit number. */
  static boolean isStrictLength(String value) {
    if (value.isEmpty() || !value.chars().allMatch(HttpServerEmulator::isDigit)) {
      return false;
    }
    return new java.math.BigInteger(value).bitLength() < 64;
  }

  /** Whether the last coding of a Transfer-Encoding is chunked (preceded by nothing, a comma or whitespace). */
  static boolean endsWithChunked(String value) {
    int start = value.length() - 7;
    if (start < 0 || !value.regionMatches(true, start, "chunked", 0, 7)) {
      return false;
    }
    return start == 0 || value.charAt(start - 1) == ',' || isSpace(value.charAt(start - 1));
  }

  // ---- host names

  /**
   * Validates a host name (from the Host header, possibly with a port, or from an absolute target) the way Apache's
   * strict mode does, and returns it in lower case without port.
   */
  static String checkHostname(String source, boolean fromHeader) throws BadRequest {
    if (source.isEmpty()) {
      return source;
    }
    if (source.chars().allMatch(HttpServerEmulator::isDigit)) {
      throw new BadRequest("purely numeric host names are not allowed");
    }
    String host = source;
    if (fromHeader) {
      int end = host.length();
      int k = end;
      while (k > 0 && isDigit(host.charAt(k - 1))) {
        k--;
      }
      if (k < end && k > 0 && host.charAt(k - 1) == ':') {
        long port = Long.parseLong(host.substring(k, Math.min(end, k + 10)));
        if (end - k > 5 || port < 1 || port > 65535) {
          throw new BadRequest("invalid port");
        }
        host = host.substring(0, k - 1);
      }
      if (host.startsWith("[")) {
        if (!host.endsWith("]") || host.length() < 3) {
          throw new BadRequest("malformed IPv6 literal");
        }
        host = host.substring(1, host.length() - 1);
        if (host.contains("%")) {
          throw new BadRequest("IPv6 scope ids are not allowed");
        }
        return ipv6(host);
      }
      if (host.isEmpty()) {
        throw new BadRequest("empty host before the port");
      }
    } else if (host.contains(":")) {
      return ipv6(host);
    }
    if (host.contains("..") || host.contains("/") || host.contains("\\")) {
      throw new BadRequest("invalid characters");
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    boolean dottedDecimal = true;
    boolean leadingZeroes = false;
    int dots = 0;
    for (int k = 0; k < host.length(); k++) {
      char c = host.charAt(k);
      if (isAlpha(c) || c == '-') {
        dottedDecimal = false;
      } else if (c == '.') {
        dots++;
        if (k + 2 < host.length() && host.charAt(k + 1) == '0' && isDigit(host.charAt(k + 2))) {
          leadingZeroes = true;
        }
      } else if (!isDigit(c)) {
        throw new BadRequest("invalid character '" + printable(c) + "'");
      }
    }
    if (dottedDecimal) {
      if (host.startsWith(".") || (host.length() > 1 && host.charAt(0) == '0' && isDigit(host.charAt(1)))) {
        leadingZeroes = true;
      }
      if (leadingZeroes || dots != 3) {
        throw new BadRequest("not a valid dotted-decimal address");
      }
    } else {
      int lastDot = host.lastIndexOf('.');
      if (lastDot >= 0 && lastDot + 1 < host.length() && !isAlpha(host.charAt(lastDot + 1))) {
        throw new BadRequest("the top-level domain must start with a letter");
      }
    }
    return host;
  }

  private static String ipv6(String host) throws BadRequest {
    if (host.isEmpty() || !host.contains(":")) {
      throw new BadRequest("malformed IPv6 literal");
    }
    for (int k = 0; k < host.length(); k++) {
      char c = host.charAt(k);
      if (!(isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.')) {
        throw new BadRequest("malformed IPv6 literal");
      }
    }
    String[] groups = host.split(":", -1);
    int doubleColons = host.split("::", -1).length - 1;
    if (groups.length > 8 || doubleColons > 1 || host.contains(":::")
        || (doubleColons == 0 && groups.length != 8 && !host.contains("."))) {
      throw new BadRequest("malformed IPv6 literal");
    }
    for (String group : groups) {
      if (group.length() > 4 && !group.contains(".")) {
        throw new BadRequest("malformed IPv6 literal");
      }
    }
    return host.toLowerCase(Locale.ROOT);
  }

  // ---- chunked bodies

  private static byte[] dechunk(Cursor in) throws BadRequest, Incomplete {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = chunkLine(in);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
      if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> GoCompat.hex((byte) c) >= 0)) {
        throw new BadRequest("invalid chunk size '" + abbreviate(sizeLine) + "'");
      }
      long size = Long.parseLong(hex, 16);
      if (size == 0) {
        while (!chunkLine(in).isEmpty()) {
          // trailer fields are read and dropped
        }
        return body.toByteArray();
      }
      if (size > in.remaining()) {
        throw new Incomplete();
      }
      body.writeBytes(in.take((int) size));
      if (!chunkLine(in).isEmpty()) {
        throw new BadRequest("chunk data longer than its size");
      }
    }
  }

  private static String chunkLine(Cursor in) throws BadRequest, Incomplete {
    Line line = in.line(LIMIT_FIELD_SIZE);
    if (line.error == LineError.INCOMPLETE) {
      throw new Incomplete();
    }
    if (line.error == LineError.TOO_LONG) {
      throw new BadRequest("chunk line too long");
    }
    // chunk lines tolerate a bare LF
    return line.text == null ? "" : line.text;
  }

  // ---- characters

  static boolean isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static boolean isVisibleOrObsText(int c) {
    return (c > 0x20 && c < 0x7f) || c >= 0x80;
  }

  static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAlpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static String printable(char c) {
    return c < 0x20 || c >= 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c);
  }

  private static String abbreviate(String text) {
    String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    StringBuilder out = new StringBuilder();
    for (char c : shown.toCharArray()) {
      out.append(printable(c));
    }
    return out.toString();
  }
}
