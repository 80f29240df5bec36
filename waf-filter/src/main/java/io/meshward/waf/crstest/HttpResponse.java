package io.meshward.waf.crstest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A response as the client receives it. Header strings and the body carry one char per byte where they are text.
 *
 * @param status the status code
 * @param headers the response headers in order
 * @param body the response body
 */
public record HttpResponse(int status, List<HeaderField> headers, byte[] body) {
  private static final Map<Integer, String> REASONS = Map.ofEntries(
      Map.entry(100, "Continue"), Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"),
      Map.entry(204, "No Content"), Map.entry(206, "Partial Content"), Map.entry(301, "Moved Permanently"),
      Map.entry(302, "Found"), Map.entry(303, "See Other"), Map.entry(304, "Not Modified"),
      Map.entry(307, "Temporary Redirect"), Map.entry(308, "Permanent Redirect"), Map.entry(400, "Bad Request"),
      Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
      Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"), Map.entry(411, "Length Required"),
      Map.entry(413, "Content Too Large"), Map.entry(414, "URI Too Long"), Map.entry(417, "Expectation Failed"),
      Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
      Map.entry(503, "Service Unavailable"), Map.entry(505, "HTTP Version Not Supported"));

  public HttpResponse {
    headers = List.copyOf(headers);
  }

  /** The first value of the header (case-insensitive name), or null. */
  public String header(String name) {
    for (HeaderField h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** The response as text on the wire (status line, headers, blank line, body), which {@code response_contains} reads. */
  public String wireText() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + body.length);
    out.writeBytes(("HTTP/1.1 " + status + " " + REASONS.getOrDefault(status, "Status " + status) + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    for (HeaderField h : headers) {
      out.writeBytes((h.name() + ": " + h.value() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** A server's own error answer, with a short HTML body as Apache sends. */
  static HttpResponse error(int status) {
    String reason = REASONS.getOrDefault(status, "Error");
    byte[] body = ("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>" + status + " "
        + reason + "</title>\n</head><body>\n<h1>" + reason + "</h1>\n</body></html>\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    return new HttpResponse(status, List.of(new HeaderField("Content-Length", String.valueOf(body.length)),
        new HeaderField("Content-Type", "text/html; charset=iso-8859-1")), body);
  }
}
