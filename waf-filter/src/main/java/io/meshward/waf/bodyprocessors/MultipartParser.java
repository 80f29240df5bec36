package io.meshward.waf.bodyprocessors;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code multipart/form-data}, parsed line by line the way ModSecurity's multipart.cc does, with its flags and
 * messages.
 *
 * <p>Where this differs from ModSecurity v3, on purpose:
 *
 * <ul>
 *   <li>The first problem is reported in REQBODY_ERROR_MSG (ModSecurity keeps overwriting it, so a header error is
 *       usually replaced by "Final boundary missing").
 *   <li>Part header problems never stop parsing (as in ModSecurity v3, whose header errors are soft): a bad header
 *       line is skipped; a part whose headers end without a usable Content-Disposition is dropped (INVALID_PART) and
 *       parsing goes on at the next boundary. Boundary errors stop parsing; parts completed before are kept.
 *   <li>The Content-Type header may carry other parameters than boundary (as in Coraza): {@code multipart/form-data;
 *       charset=utf-8; boundary=x} is accepted, {@code boundary} matches in any case.
 *   <li>The disposition type {@code form-data} and the parameter names {@code name} / {@code filename} match in any
 *       case.
 *   <li>MULTIPART_STRICT_ERROR includes every error (ModSecurity computes it before its final checks).
 *       MULTIPART_UNMATCHED_BOUNDARY is 0 or 1 (ModSecurity v3 uses 2 for "seen a later proper boundary").
 *   <li>A part still open when the body ends (no final boundary) is kept, as far as it goes, in addition to the
 *       error: the backend may well accept it.
 *   <li>A part's headers go to MULTIPART_PART_HEADERS even when the part is then dropped (key: its name, or empty).
 * </ul>
 *
 * <p>REQBODY_ERROR_MSG is {@code "Multipart parsing error: " + one of} (ModSecurity's texts):
 *
 * <ul>
 *   <li>Content-Type: {@code Multipart: Content-Type header not available.}, {@code Multipart: Invalid MIME type.},
 *       {@code Multipart: Invalid boundary in C-T (length|malformed|quote|empty|content|characters).},
 *       {@code Multipart: Multiple boundary parameters in C-T.}, {@code Multipart: Boundary not found in C-T.}
 *   <li>boundaries (parsing stops): {@code Multipart: Invalid boundary: <line>}, {@code Multipart: Invalid boundary
 *       (quotes).}, {@code Multipart: Invalid boundary (whitespace).}
 *   <li>part headers: {@code Multipart: Part header line over 4096 bytes long} (stops), {@code Multipart: Nul byte
 *       in part headers.}, {@code Multipart: Invalid part header (folding error).}, {@code Multipart: Part header
 *       too long.}, {@code Multipart: Invalid part header (colon missing): <line>}, {@code Multipart: Invalid part
 *       header (header name missing).}, {@code Multipart: Invalid part header (contains invalid character).} (a
 *       header name byte outside 0x21-0x7E; the text CRS test 922130 looks for), {@code Multipart: Duplicate part
 *       header: <name>.}
 *   <li>Content-Disposition: {@code Multipart: Part missing Content-Disposition header.}, {@code Multipart: Invalid
 *       Content-Disposition header (<code>): <value>}, {@code Multipart: Content-Disposition header missing name
 *       field.}, {@code Multipart: Invalid Content-Disposition header (filename).}
 *   <li>end: {@code Multipart: Final boundary missing.}, {@code Multipart: No boundaries found in payload.}
 *   <li>limits: {@code Multipart: Upload file limit exceeded <n>. Use SecUploadFileLimit to change the limit.},
 *       and this engine's {@code Multipart: Too many parts (limit <n>).}, {@code Multipart: Too many part headers
 *       (limit 64).}, {@code Multipart: Arguments limit exceeded (<n>).}, {@code Multipart: Collected data limit
 *       exceeded (<n> bytes).}
 * </ul>
 */
final class MultipartParser {
  static final String ERROR_PREFIX = "Multipart parsing error: ";

  private static final int MAX_CONTENT_TYPE_LENGTH = 1024;
  private static final int EXCERPT = 128;
  /** Part headers kept per part; real parts have one to three. */
  static final int MAX_PART_HEADERS = 64;

  private final byte[] body;
  private final int length;
  private final BodyLimits limits;
  private final Budget budget;
  private final BodyResult.Builder out;

  private byte[] boundary;
  /** {@code "--" + boundary} and its KMP failure table, to find it inside lines in linear time. */
  private byte[] dashBoundary;
  private int[] dashBoundaryFailure;
  /** Where the content of a part left open at the end of the body stops, when the last line must not count. */
  private int openPartEnd = -1;
  private final Map<MultipartFlag, Boolean> flags = new EnumMap<>(MultipartFlag.class);
  private boolean lfLine;
  private boolean crlfLine;

  private Part part;
  private int parts;
  private int boundaryCount;
  private boolean complete;
  private boolean stopped;

  /** The part being read. */
  private static final class Part {
    final List<String[]> headers = new ArrayList<>();
    int lastHeader = -1;
    boolean headersDone;
    boolean invalid;
    String name;
    String filename;
    int dataStart;
  }

  private MultipartParser(byte[] body, int length, BodyLimits limits, Budget budget, BodyResult.Builder out) {
    this.body = body;
    this.length = length;
    this.limits = limits;
    this.budget = budget;
    this.out = out;
    for (MultipartFlag f : MultipartFlag.values()) {
      flags.put(f, false);
    }
  }

  /** Parses {@code body[0, length)} into {@code out}, using the request's Content-Type header. */
  static void parse(
      byte[] body, int length, String contentType, BodyLimits limits, Budget budget, BodyResult.Builder out) {
    MultipartParser p = new MultipartParser(body, length, limits, budget, out);
    if (p.init(contentType)) {
      p.run();
    }
    p.finish();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Content-Type

  private boolean init(String ct) {
    if (ct == null || ct.isEmpty()) {
      return initError("Multipart: Content-Type header not available.");
    }
    if (ct.length() > MAX_CONTENT_TYPE_LENGTH) {
      return initError("Multipart: Invalid boundary in C-T (length).");
    }
    if (!ct.regionMatches(true, 0, "multipart/form-data", 0, 19)) {
      return initError("Multipart: Invalid MIME type.");
    }
    if (countBoundaryParams(ct) > 1) {
      return initError("Multipart: Multiple boundary parameters in C-T.");
    }
    int p = 19;
    int n = ct.length();
    boolean semicolonSeen = false;
    String value = null;
    boolean quoted = false;
    while (p < n) {
      // One parameter: [;] name [ws] = [ws] value
      while (p < n && (ByteStrings.isSpace(ct.charAt(p)) || ct.charAt(p) == ';')) {
        if (ct.charAt(p) == ';') {
          semicolonSeen = true;
        }
        p++;
      }
      if (p >= n) {
        break;
      }
      int nameStart = p;
      while (p < n && ct.charAt(p) != '=' && ct.charAt(p) != ';' && !ByteStrings.isSpace(ct.charAt(p))) {
        p++;
      }
      String name = ct.substring(nameStart, p);
      boolean isBoundary = name.equalsIgnoreCase("boundary");
      if (isBoundary && !semicolonSeen) {
        flag(MultipartFlag.MISSING_SEMICOLON);
      }
      boolean wsBefore = false;
      while (p < n && ByteStrings.isSpace(ct.charAt(p))) {
        wsBefore = true;
        p++;
      }
      if (p >= n || ct.charAt(p) != '=') {
        if (isBoundary) {
          return initError("Multipart: Invalid boundary in C-T (malformed).");
        }
        continue; // a bare token: skip to the next ';'
      }
      p++;
      boolean wsAfter = false;
      while (p < n && ByteStrings.isSpace(ct.charAt(p))) {
        wsAfter = true;
        p++;
      }
      int valueStart = p;
      if (p < n && ct.charAt(p) == '"') {
        p++;
        while (p < n && ct.charAt(p) != '"') {
          p++;
        }
        if (p < n) {
          p++; // closing quote
        }
        // anything up to the next ';' belongs to this value (and makes the quoting partial)
        while (p < n && ct.charAt(p) != ';') {
          p++;
        }
      } else {
        while (p < n && ct.charAt(p) != ';') {
          p++;
        }
      }
      if (!isBoundary) {
        continue;
      }
      if (wsBefore || wsAfter) {
        flag(MultipartFlag.BOUNDARY_WHITESPACE);
      }
      String raw = stripTrailingSpace(ct.substring(valueStart, p));
      if (raw.length() >= 2 && raw.charAt(0) == '"' && raw.charAt(raw.length() - 1) == '"') {
        value = raw.substring(1, raw.length() - 1);
        quoted = true;
      } else if (raw.startsWith("\"") || raw.endsWith("\"")) {
        return initError("Multipart: Invalid boundary in C-T (quote).");
      } else {
        value = raw;
      }
    }
    if (value == null) {
      return initError("Multipart: Boundary not found in C-T.");
    }
    if (quoted) {
      flag(MultipartFlag.BOUNDARY_QUOTED);
    }
    if (value.isEmpty()) {
      return initError("Multipart: Invalid boundary in C-T (empty).");
    }
    if (countBoundaryParams(value) != 0) {
      return initError("Multipart: Invalid boundary in C-T (content).");
    }
    if (!boundaryCharactersValid(value)) {
      return initError("Multipart: Invalid boundary in C-T (characters).");
    }
    boundary = value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    dashBoundary = ("--" + value).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    dashBoundaryFailure = new int[dashBoundary.length];
    for (int i = 1, k = 0; i < dashBoundary.length; i++) {
      while (k > 0 && dashBoundary[i] != dashBoundary[k]) {
        k = dashBoundaryFailure[k - 1];
      }
      if (dashBoundary[i] == dashBoundary[k]) {
        k++;
      }
      dashBoundaryFailure[i] = k;
    }
    return true;
  }

  private boolean initError(String message) {
    fail(message);
    return false;
  }

  private static String stripTrailingSpace(String s) {
    int e = s.length();
    while (e > 0 && ByteStrings.isSpace(s.charAt(e - 1))) {
      e--;
    }
    return s.substring(0, e);
  }

  /** How many times "boundary" (any case) appears with an '=' somewhere after it. */
  private static int countBoundaryParams(String s) {
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    int count = 0;
    int from = 0;
    int i;
    while ((i = lower.indexOf("boundary", from)) >= 0) {
      from = i + 8;
      if (lower.indexOf('=', from) >= 0) {
        count++;
      }
    }
    return count;
  }

  /** RFC 2046 boundary characters (ModSecurity v3's list); a space is allowed except at the end. */
  private static boolean boundaryCharactersValid(String b) {
    for (int i = 0; i < b.length(); i++) {
      char c = b.charAt(i);
      boolean ok = (c >= '0' && c <= '9')
          || (c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c == ' ' && i + 1 < b.length())
          || "'()+_,-./:=?".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Body

  private void run() {
    int pos = 0;
    while (pos < length && !stopped) {
      if (complete) {
        flag(MultipartFlag.DATA_AFTER);
        break;
      }
      int nl = indexOf((byte) '\n', pos, length);
      if (nl < 0) {
        lastLine(pos);
        break;
      }
      line(pos, nl + 1);
      pos = nl + 1;
    }
  }

  /** A complete line {@code [s, e)}, its LF included. */
  private void line(int s, int e) {
    int len = e - s;
    if (len > 3 && body[s] == '-' && body[s + 1] == '-') {
      if (startsWith(s + 2, e, boundary)) {
        int be = s + 2 + boundary.length;
        boolean last = false;
        if (be + 1 < e && body[be] == '-' && body[be + 1] == '-') {
          last = true;
          be += 2;
        }
        if (e - be == 2 && body[be] == '\r') {
          crlfLine = true;
        } else if (e - be == 1) {
          lfLine = true;
        } else {
          hardError("Multipart: Invalid boundary: " + chompedExcerpt(s, e));
          return;
        }
        boundary(s, last);
        return;
      }
      if (flags.get(MultipartFlag.BOUNDARY_QUOTED) && len > 3 && body[s + 2] == '"'
          && startsWith(s + 3, e, boundary)) {
        hardError("Multipart: Invalid boundary (quotes).");
        return;
      }
      int p = s + 2;
      while (p < e && ByteStrings.isSpace(body[p])) {
        p++;
      }
      if (p != s + 2 && startsWith(p, e, boundary)) {
        hardError("Multipart: Invalid boundary (whitespace).");
        return;
      }
      flag(MultipartFlag.UNMATCHED_BOUNDARY);
    } else if (containsDashBoundary(s, e)) {
      flag(MultipartFlag.UNMATCHED_BOUNDARY);
    }
    if (part == null) {
      flag(MultipartFlag.DATA_BEFORE);
    } else if (!part.headersDone) {
      headerLine(s, e);
    }
    // else: part data, taken as a range when the part ends
  }

  /** The body's last bytes, with no LF after them: the final boundary, or the end of an unterminated part. */
  private void lastLine(int s) {
    int e = length;
    int expect = 2 + boundary.length + 2;
    if (e - s == expect && body[s] == '-' && body[s + 1] == '-' && startsWith(s + 2, e, boundary)
        && body[e - 2] == '-' && body[e - 1] == '-') {
      boundary(s, true);
      return;
    }
    if (part == null) {
      flag(MultipartFlag.DATA_BEFORE);
    } else if (e - s >= 2 + boundary.length && body[s] == '-' && body[s + 1] == '-'
        && startsWith(s + 2, e, boundary)) {
      openPartEnd = s; // a boundary cut short: not content
    }
    // Otherwise the line is left unprocessed, as ModSecurity leaves it in its buffer; finish() reports the missing
    // final boundary and keeps the open part's data.
  }

  private void boundary(int lineStart, boolean last) {
    endPart(lineStart);
    boundaryCount++;
    if (last) {
      complete = true;
      return;
    }
    if (parts >= limits.maxParts()) {
      hardError("Multipart: Too many parts (limit " + limits.maxParts() + ").");
      return;
    }
    parts++;
    part = new Part();
  }

  /**
   * Ends the current part at {@code end} (the start of the boundary line, or the end of the body). A boundary owns
   * the line break before it, so that is not part of the content.
   */
  private void endPart(int end) {
    Part p = part;
    part = null;
    if (p == null) {
      return;
    }
    if (!p.headersDone) {
      emitHeaders(p);
      flag(MultipartFlag.INVALID_PART);
      return;
    }
    if (p.invalid) {
      flag(MultipartFlag.INVALID_PART);
      return;
    }
    int contentEnd = Math.max(end, p.dataStart);
    if (contentEnd > p.dataStart && body[contentEnd - 1] == '\n') {
      contentEnd--;
      if (contentEnd > p.dataStart && body[contentEnd - 1] == '\r') {
        contentEnd--;
      }
    }
    int size = contentEnd - p.dataStart;
    if (p.filename != null && !p.filename.isEmpty()) {
      if (limits.maxFiles() > 0 && out.files.size() >= limits.maxFiles()) {
        if (!flags.get(MultipartFlag.FILE_LIMIT_EXCEEDED)) {
          flag(MultipartFlag.FILE_LIMIT_EXCEEDED);
          fail("Multipart: Upload file limit exceeded " + limits.maxFiles()
              + ". Use SecUploadFileLimit to change the limit.");
        }
      }
      if (!budget.takeBytes((long) p.name.length() + p.filename.length())) {
        stopAtBudget();
        return;
      }
      out.files.add(new FilePart(p.name, p.filename, header(p, "Content-Type", ""), p.dataStart, size));
    } else {
      if (!budget.takeArg(p.name.length() + size)) {
        stopAtBudget();
        return;
      }
      out.args.add(new NamedValue(p.name, ByteStrings.latin1(body, p.dataStart, contentEnd)));
    }
  }

  private void headerLine(int s, int e) {
    int len = e - s;
    if (len >= limits.maxPartHeaderLength()) {
      hardError("Multipart: Part header line over " + limits.maxPartHeaderLength() + " bytes long");
      return;
    }
    for (int i = s; i < e; i++) {
      if (body[i] == 0) {
        fail("Multipart: Nul byte in part headers.");
        return;
      }
    }
    if (len > 1 && body[e - 2] == '\r') {
      crlfLine = true;
    } else {
      lfLine = true;
    }
    if ((len == 2 && body[s] == '\r') || len == 1) {
      endHeaders(e);
      return;
    }
    Part p = part;
    if (ByteStrings.isSpace(body[s])) {
      flag(MultipartFlag.HEADER_FOLDING);
      if (body[s] != ' ' && body[s] != '\t') {
        flag(MultipartFlag.INVALID_HEADER_FOLDING);
      }
      if (p.lastHeader < 0) {
        fail("Multipart: Invalid part header (folding error).");
        return;
      }
      int d = s;
      while (d < e && ByteStrings.isSpace(body[d])) {
        if (body[d] != ' ' && body[d] != '\t') {
          flag(MultipartFlag.INVALID_HEADER_FOLDING);
        }
        d++;
      }
      String[] h = p.headers.get(p.lastHeader);
      String folded = h[1] + " " + ByteStrings.latin1(body, d, chompEnd(d, e));
      if (folded.length() > limits.maxPartHeaderLength()) {
        fail("Multipart: Part header too long.");
        return;
      }
      h[1] = folded;
      return;
    }
    int colon = indexOf((byte) ':', s, e);
    if (colon < 0) {
      fail("Multipart: Invalid part header (colon missing): " + chompedExcerpt(s, e));
      return;
    }
    if (colon == s) {
      fail("Multipart: Invalid part header (header name missing).");
      return;
    }
    for (int i = s; i < colon; i++) {
      int c = body[i] & 0xFF;
      if (c < 0x21 || c > 0x7E) {
        fail("Multipart: Invalid part header (contains invalid character).");
        return;
      }
    }
    String name = ByteStrings.latin1(body, s, colon);
    int v = colon + 1;
    while (v < e && (body[v] == ' ' || body[v] == '\t')) {
      v++;
    }
    String value = ByteStrings.latin1(body, v, Math.max(v, chompEnd(v, e)));
    for (String[] h : p.headers) {
      if (h[0].equalsIgnoreCase(name)) {
        fail("Multipart: Duplicate part header: " + ByteStrings.excerpt(name, EXCERPT) + ".");
        return;
      }
    }
    if (p.headers.size() >= MAX_PART_HEADERS) {
      fail("Multipart: Too many part headers (limit " + MAX_PART_HEADERS + ").");
      return;
    }
    p.headers.add(new String[] {name, value});
    p.lastHeader = p.headers.size() - 1;
  }

  /** The empty line after the part headers: find out what the part is. */
  private void endHeaders(int dataStart) {
    Part p = part;
    p.headersDone = true;
    p.dataStart = dataStart;
    String cd = header(p, "Content-Disposition", null);
    if (cd == null) {
      p.invalid = true;
      fail("Multipart: Part missing Content-Disposition header.");
    } else {
      int rc = parseContentDisposition(p, cd);
      if (rc < 0) {
        p.invalid = true;
        fail("Multipart: Invalid Content-Disposition header (" + rc + "): " + ByteStrings.excerpt(cd, EXCERPT));
      } else if (p.name == null || p.name.isEmpty()) {
        p.invalid = true;
        fail("Multipart: Content-Disposition header missing name field.");
      } else if (p.filename != null && !p.filename.isEmpty() && !cd.contains("filename=")) {
        p.invalid = true;
        fail("Multipart: Invalid Content-Disposition header (filename).");
      }
    }
    emitHeaders(p);
  }

  private void emitHeaders(Part p) {
    String key = p.name == null ? "" : p.name;
    for (String[] h : p.headers) {
      String line = h[0] + ": " + h[1];
      if (!budget.takeBytes((long) key.length() + line.length())) {
        stopAtBudget();
        return;
      }
      out.partHeaders.add(new NamedValue(key, line));
    }
  }

  /**
   * ModSecurity's parse_content_disposition: {@code form-data} then {@code ; name=value} pairs, values quoted
   * ({@code "} or, flagged, {@code '}) with {@code \} escaping only the quote and itself, or unquoted tokens. Only
   * {@code name} and {@code filename} are accepted. Returns 1, or ModSecurity's negative error code.
   */
  private int parseContentDisposition(Part part, String v) {
    int n = v.length();
    if (!v.regionMatches(true, 0, "form-data", 0, 9)) {
      return -1;
    }
    int p = 9;
    while (p < n && (v.charAt(p) == ' ' || v.charAt(p) == '\t')) {
      p++;
    }
    if (p >= n) {
      return 1;
    }
    if (v.charAt(p) != ';') {
      return -2;
    }
    p++;
    while (p < n) {
      while (p < n && (v.charAt(p) == ' ' || v.charAt(p) == '\t')) {
        p++;
      }
      if (p >= n) {
        return -3;
      }
      int start = p;
      while (p < n && v.charAt(p) != '=' && v.charAt(p) != ' ' && v.charAt(p) != '\t') {
        p++;
      }
      if (p >= n) {
        return -4;
      }
      String name = v.substring(start, p);
      while (p < n && (v.charAt(p) == ' ' || v.charAt(p) == '\t')) {
        p++;
      }
      if (p >= n) {
        return -5;
      }
      if (v.charAt(p) != '=') {
        return -13;
      }
      p++;
      while (p < n && (v.charAt(p) == ' ' || v.charAt(p) == '\t')) {
        p++;
      }
      if (p >= n) {
        return -6;
      }
      String value;
      char c0 = v.charAt(p);
      if (c0 == '"' || c0 == '\'') {
        char quote = c0;
        if (quote == '\'') {
          flag(MultipartFlag.INVALID_QUOTING);
        }
        p++;
        if (p >= n) {
          return -7;
        }
        StringBuilder sb = new StringBuilder();
        boolean closed = false;
        while (p < n) {
          char c = v.charAt(p);
          if (c == '\\') {
            if (p + 1 >= n) {
              return -8;
            }
            char next = v.charAt(p + 1);
            if (next == quote || next == '\\') {
              p++;
            }
          } else if (c == quote) {
            closed = true;
            break;
          }
          sb.append(v.charAt(p));
          p++;
        }
        if (!closed) {
          return -7;
        }
        p++;
        value = sb.toString();
      } else {
        int vs = p;
        while (p < n && isTokenChar(v.charAt(p))) {
          p++;
        }
        value = v.substring(vs, p);
      }
      if (name.equalsIgnoreCase("name")) {
        validateQuotes(value);
        out.multipartNames.add(value);
        if (part.name != null && !part.name.isEmpty()) {
          return -14;
        }
        part.name = value;
      } else if (name.equalsIgnoreCase("filename")) {
        validateQuotes(value);
        out.multipartFilenames.add(value);
        if (part.filename != null && !part.filename.isEmpty()) {
          return -15;
        }
        part.filename = value;
      } else {
        return -11;
      }
      if (p < n) {
        while (p < n && (v.charAt(p) == ' ' || v.charAt(p) == '\t')) {
          p++;
        }
        if (p >= n) {
          return 1;
        }
        if (v.charAt(p) != ';') {
          char before = v.charAt(p - 1);
          if (before == '\'' || before == '"') {
            flag(MultipartFlag.INVALID_QUOTING);
          }
          return -12;
        }
        p++;
      }
    }
    return 1;
  }

  private void validateQuotes(String value) {
    if (value.indexOf('\'') >= 0) {
      flag(MultipartFlag.INVALID_QUOTING);
    }
  }

  private static boolean isTokenChar(char c) {
    if (c <= 32 || c >= 127) {
      return false;
    }
    return "()<>@,;:\\\"/[]?=".indexOf(c) < 0;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // End

  private void finish() {
    if (boundary != null && !stopped && !complete && length > 0) {
      if (boundaryCount > 0) {
        endPart(openPartEnd >= 0 ? openPartEnd : length);
        fail("Multipart: Final boundary missing.");
      } else {
        fail("Multipart: No boundaries found in payload.");
      }
    }
    flags.put(MultipartFlag.LF_LINE, lfLine);
    flags.put(MultipartFlag.CRLF_LF_LINES, lfLine && crlfLine);
    flags.put(MultipartFlag.SEMICOLON_MISSING, flags.get(MultipartFlag.MISSING_SEMICOLON));
    boolean strict = out.error;
    for (MultipartFlag f : MultipartFlag.values()) {
      if (f != MultipartFlag.STRICT_ERROR && f != MultipartFlag.UNMATCHED_BOUNDARY && f != MultipartFlag.CRLF_LF_LINES
          && flags.get(f)) {
        strict = true;
      }
    }
    flags.put(MultipartFlag.STRICT_ERROR, strict);
    for (MultipartFlag f : MultipartFlag.values()) {
      out.flags.put(f.variable(), flags.get(f) ? 1 : 0);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers

  private void flag(MultipartFlag f) {
    flags.put(f, true);
  }

  private void fail(String message) {
    out.fail(ERROR_PREFIX + message);
  }

  private void hardError(String message) {
    fail(message);
    stopped = true;
  }

  private void stopAtBudget() {
    if (budget.argsExceeded()) {
      out.argsLimitExceeded = true;
      hardError("Multipart: Arguments limit exceeded (" + budget.maxArgs() + ").");
    } else {
      hardError("Multipart: Collected data limit exceeded (" + budget.maxBytes() + " bytes).");
    }
  }

  private static String header(Part p, String name, String dflt) {
    for (String[] h : p.headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return dflt;
  }

  private int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (body[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private boolean startsWith(int at, int end, byte[] prefix) {
    if (end - at < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (body[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code "--" + boundary} occurs anywhere in {@code [s, e)} (Knuth-Morris-Pratt, linear). */
  private boolean containsDashBoundary(int s, int e) {
    byte[] pat = dashBoundary;
    int k = 0;
    for (int i = s; i < e; i++) {
      byte b = body[i];
      while (k > 0 && b != pat[k]) {
        k = dashBoundaryFailure[k - 1];
      }
      if (b == pat[k]) {
        k++;
        if (k == pat.length) {
          return true;
        }
      }
    }
    return false;
  }

  /** The end of {@code [s, e)} without its trailing CR and LF characters. */
  private int chompEnd(int s, int e) {
    while (e > s && (body[e - 1] == '\n' || body[e - 1] == '\r')) {
      e--;
    }
    return e;
  }

  private String chompedExcerpt(int s, int e) {
    return ByteStrings.excerpt(ByteStrings.latin1(body, s, chompEnd(s, e)), EXCERPT);
  }
}
