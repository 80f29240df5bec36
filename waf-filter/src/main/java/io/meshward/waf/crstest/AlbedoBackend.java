package io.meshward.waf.crstest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The backend of CRS's test set-up, albedo (a small Go HTTP server), reproduced from its documented behaviour:
 *
 * <ul>
 *   <li>{@code POST /reflect} (and paths under {@code /reflect/}) reads a JSON object
 *       {@code {status, headers, body, encodedBody, logMessage}} and answers with that status (0 means 200; 1-99 and
 *       600 and above are refused with 400 "Invalid status code: N"), those headers and that body ({@code body}, else
 *       the base64 {@code encodedBody}; bad base64 answers "invalid base64 encoding of response body"). A body that
 *       is not such a JSON object (Go's decoder: field names match case-insensitively, a wrong type is an error)
 *       gets 400 "Invalid JSON in request body". This is how the response-phase rules (RESPONSE-95x) are tested.</li>
 *   <li>Every other request gets 200 with an empty body.</li>
 * </ul>
 *
 * <p>Go's HTTP server adds what a handler leaves out: header names are canonicalised ({@code content-type} becomes
 * {@code Content-Type}), invalid names are dropped, CR and LF in values become spaces, a body without a Content-Type
 * gets a sniffed one ({@link GoCompat#detectContentType}: this is what makes phase 4 inspect most reflected bodies
 * as text/plain or text/html), and the length is set. Responses with a 1xx status end as 200 (Go sends the 1xx as an
 * interim response), and 204/304 and HEAD responses carry no body. No Date header is added, so that runs are
 * repeatable.
 */
public final class AlbedoBackend {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private AlbedoBackend() {}

  /** The backend's answer, or null when the Go server would drop the connection (a handler panic). */
  public static HttpResponse respond(ParsedRequest request) {
    String path = normalise(request.path());
    boolean reflect = request.method().equals("POST") && (path.equals("/reflect") || path.startsWith("/reflect/"));
    boolean head = request.method().equals("HEAD");
    if (!reflect) {
      return finish(200, new ArrayList<>(), new byte[0], head);
    }
    List<HeaderField> headers = new ArrayList<>();
    Spec spec;
    try {
      spec = Spec.parse(request.body());
    } catch (IllegalArgumentException e) {
      return finish(400, headers, ascii("Invalid JSON in request body"), head);
    }
    for (Map.Entry<String, String> header : spec.headers) {
      headers.add(new HeaderField(GoCompat.canonicalHeaderKey(header.getKey()), header.getValue()));
    }
    if ((spec.status > 0 && spec.status < 100) || spec.status >= 600) {
      return finish(400, headers, ascii("Invalid status code: " + spec.status), head);
    }
    if (spec.status < 0) {
      return null; // Go's WriteHeader panics on a negative code; the server drops the connection
    }
    int status = spec.status == 0 ? 200 : spec.status;
    byte[] body;
    if (!spec.body.isEmpty()) {
      body = spec.body.getBytes(StandardCharsets.UTF_8);
    } else if (!spec.encodedBody.isEmpty()) {
      try {
        body = GoCompat.base64Decode(spec.encodedBody);
      } catch (IllegalArgumentException e) {
        body = ascii("invalid base64 encoding of response body"); // the status was already written
      }
    } else {
      body = new byte[0];
    }
    if (status < 200) {
      status = 200; // Go sends 1xx as an interim response; the final one is 200
    }
    return finish(status, headers, body, head);
  }

  private static HttpResponse finish(int status, List<HeaderField> headers, byte[] body, boolean head) {
    boolean bodyAllowed = status != 204 && status != 304 && !head;
    byte[] sent = bodyAllowed ? body : new byte[0];
    List<HeaderField> out = new ArrayList<>();
    for (HeaderField h : headers) {
      if (h.name().isEmpty() || !h.name().chars().allMatch(GoCompat::isTokenChar)) {
        continue; // Go drops header names that are not tokens
      }
      out.add(new HeaderField(h.name(), h.value().replace('\r', ' ').replace('\n', ' ').strip()));
    }
    if (body.length > 0 && bodyAllowed && out.stream().noneMatch(h -> h.name().equals("Content-Type"))) {
      out.add(new HeaderField("Content-Type", GoCompat.detectContentType(body)));
    }
    if (status != 204 && status != 304 && out.stream().noneMatch(h -> h.name().equals("Content-Length"))) {
      out.add(new HeaderField("Content-Length", String.valueOf(body.length)));
    }
    out.sort(Comparator.comparing(HeaderField::name)); // Go writes headers sorted by name
    return new HttpResponse(status, out, sent);
  }

  /** The path as the backend routes it: dot segments resolved and slashes merged (the front server's work). */
  static String normalise(String path) {
    if (path == null || !path.startsWith("/")) {
      return path == null ? "/" : path;
    }
    String decoded = percentDecodeUnreserved(path);
    List<String> segments = new ArrayList<>();
    for (String segment : decoded.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (!segments.isEmpty()) {
          segments.remove(segments.size() - 1);
        }
        continue;
      }
      segments.add(segment);
    }
    String joined = "/" + String.join("/", segments);
    if (decoded.endsWith("/") && !joined.endsWith("/")) {
      joined += "/";
    }
    return joined;
  }

  private static String percentDecodeUnreserved(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        int hi = GoCompat.hex((byte) path.charAt(i + 1));
        int lo = GoCompat.hex((byte) path.charAt(i + 2));
        if (hi >= 0 && lo >= 0) {
          char d = (char) (hi << 4 | lo);
          if (Character.isLetterOrDigit(d) && d < 0x80 || d == '-' || d == '.' || d == '_' || d == '~') {
            out.append(d);
            i += 2;
            continue;
          }
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** albedo's reflection spec, decoded the way Go's encoding/json fills its struct. */
  static final class Spec {
    int status;
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    String body = "";
    String encodedBody = "";
    String logMessage = "";

    static Spec parse(byte[] json) {
      JsonNode root;
      try {
        // Go's decoder accepts invalid UTF-8 and replaces it; so does String's UTF-8 decoding
        root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(e.getOriginalMessage(), e);
      }
      Spec spec = new Spec();
      if (root == null || root.isMissingNode()) {
        throw new IllegalArgumentException("unexpected end of JSON input");
      }
      if (root.isNull()) {
        return spec;
      }
      if (!root.isObject()) {
        throw new IllegalArgumentException("cannot unmarshal " + root.getNodeType() + " into the spec");
      }
      boolean typeError = false;
      for (Map.Entry<String, JsonNode> field : root.properties()) {
        JsonNode value = field.getValue();
        String name = field.getKey();
        if (name.equalsIgnoreCase("status")) {
          if (value.isNull()) {
            continue;
          }
          if (value.isIntegralNumber() && value.canConvertToLong() && value.asLong() == (int) value.asLong()) {
            spec.status = value.asInt();
          } else {
            typeError = true;
          }
        } else if (name.equalsIgnoreCase("headers")) {
          if (value.isNull()) {
            spec.headers = new ArrayList<>();
            continue;
          }
          if (!value.isObject()) {
            typeError = true;
            continue;
          }
          for (Map.Entry<String, JsonNode> header : value.properties()) {
            if (header.getValue().isNull()) {
              spec.headers.add(Map.entry(header.getKey(), ""));
            } else if (header.getValue().isTextual()) {
              spec.headers.add(Map.entry(header.getKey(), header.getValue().asText()));
            } else {
              typeError = true;
            }
          }
        } else if (name.equalsIgnoreCase("body")) {
          typeError |= !assign(value, s -> spec.body = s);
        } else if (name.equalsIgnoreCase("encodedBody")) {
          typeError |= !assign(value, s -> spec.encodedBody = s);
        } else if (name.equalsIgnoreCase("logMessage")) {
          typeError |= !assign(value, s -> spec.logMessage = s);
        }
      }
      if (typeError) {
        throw new IllegalArgumentException("a field of the spec has the wrong type");
      }
      return spec;
    }

    private static boolean assign(JsonNode value, java.util.function.Consumer<String> target) {
      if (value.isNull()) {
        return true;
      }
      if (!value.isTextual()) {
        return false;
      }
      target.accept(value.asText());
      return true;
    }
  }
}
