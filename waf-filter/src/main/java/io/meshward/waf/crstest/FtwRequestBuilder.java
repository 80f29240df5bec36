package io.meshward.waf.crstest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a stage's input into the exact bytes go-ftw writes to the socket.
 *
 * <p>What go-ftw does, step by step:
 * <ol>
 *   <li>{@code encoded_request} (base64 of a whole request) is sent as is and nothing else applies; the old format's
 *       {@code raw_request} likewise (its text as UTF-8).</li>
 *   <li>Request line {@code METHOD SP URI SP VERSION CRLF}, each part verbatim; absent fields default to
 *       {@code GET}, {@code /}, {@code HTTP/1.1} (an empty version is sent empty: {@code "GET / \r\n"}).</li>
 *   <li>Headers come from a YAML map, so go-ftw sorts them by name (Go's byte order) to be deterministic: the order
 *       in the file does not survive.</li>
 *   <li>{@code data} is evaluated as a Go template ({@link GoTemplate}) and sent as UTF-8, like every YAML string.</li>
 *   <li>With {@code autocomplete_headers} (the default) and a body: a {@code Content-Type:
 *       application/x-www-form-urlencoded} header is added when there is none, and when the Content-Type is exactly
 *       that, a body that does not already look URL-encoded (decoding it changes nothing) has each key and value of
 *       its {@code &}-separated pairs query-escaped.</li>
 *   <li>Whenever a Content-Type contains {@code multipart/form-data;}, every LF of the body becomes CRLF (autocomplete
 *       or not; an existing CRLF becomes CR CR LF, as in go-ftw).</li>
 *   <li>With {@code autocomplete_headers}: {@code Connection: close} unless a Connection header exists, and
 *       {@code Content-Length} (the body's byte length, possibly 0) unless one exists, when there is a body or the
 *       method matches go-ftw's unanchored {@code ^POST|PUT|PATCH|DELETE$}.</li>
 *   <li>Headers are written {@code Name: Value CRLF}, then CRLF, then the body.</li>
 * </ol>
 *
 * <p>Tests in the old FTW format (CRS v3.3) were written for the go-ftw releases that read that format, which
 * differ in two points: they add a Content-Length only for a non-empty body (a POST without data goes without one)
 * and they leave form bodies as written (their re-encoding only applied to repeated keys). {@link #build(StageInput,
 * FtwTestFile.Format)} follows them for {@link FtwTestFile.Format#LEGACY} tests.
 */
public final class FtwRequestBuilder {
  private static final Pattern METHODS_WITH_BODY = Pattern.compile("^POST|PUT|PATCH|DELETE\\z");
  private static final String FORM = "application/x-www-form-urlencoded";

  private FtwRequestBuilder() {}

  /** The request go-ftw would send for a stage of a v4-format test. */
  public static byte[] build(StageInput input) {
    return build(input, FtwTestFile.Format.V4);
  }

  /** The request the go-ftw that reads the test's format would send. */
  public static byte[] build(StageInput input, FtwTestFile.Format format) {
    boolean legacy = format == FtwTestFile.Format.LEGACY;
    if (input.encodedRequest() != null && !input.encodedRequest().isEmpty()) {
      return GoCompat.base64Decode(input.encodedRequest());
    }
    if (input.rawRequest() != null && !input.rawRequest().isEmpty()) {
      return GoCompat.utf8(input.rawRequest());
    }
    List<HeaderField> headers = new ArrayList<>(input.effectiveHeaders());
    headers.sort(Comparator.comparing(h -> GoCompat.utf8(h.name()), Arrays::compareUnsigned));
    byte[] data = body(input);
    boolean autocomplete = input.effectiveAutocompleteHeaders();
    if (data.length > 0 && autocomplete) {
      if (!hasAny(headers, "Content-Type")) {
        headers.add(new HeaderField("Content-Type", FORM));
      }
      if (!legacy) {
        data = encodeDataParameters(headers, data);
      }
    }
    if (anyValueContains(headers, "Content-Type", "multipart/form-data;")) {
      data = lfToCrlf(data);
    }
    if (autocomplete) {
      if (!hasAny(headers, "Connection")) {
        headers.add(new HeaderField("Connection", "close"));
      }
      if (!hasAny(headers, "Content-Length")
          && (data.length > 0 || (!legacy && METHODS_WITH_BODY.matcher(input.effectiveMethod()).find()))) {
        headers.add(new HeaderField("Content-Length", String.valueOf(data.length)));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + data.length);
    out.writeBytes(GoCompat.utf8(input.effectiveMethod() + " " + input.effectiveUri() + " "
        + input.effectiveVersion() + "\r\n"));
    for (HeaderField header : headers) {
      out.writeBytes(GoCompat.utf8(header.name() + ": " + header.value() + "\r\n"));
    }
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(data);
    return out.toByteArray();
  }

  /** The body before autocompletion: the rendered {@code data} template, else the decoded {@code encoded_data}. */
  static byte[] body(StageInput input) {
    if (input.data() != null) {
      String rendered = GoTemplate.render(input.data());
      return rendered == null ? new byte[0] : GoCompat.utf8(rendered);
    }
    if (input.encodedData() != null) {
      try {
        return GoCompat.base64Decode(input.encodedData());
      } catch (IllegalArgumentException e) {
        return new byte[0]; // go-ftw logs the error and sends no body
      }
    }
    return new byte[0];
  }

  /** Whether go-ftw's {@code data} template failed to parse (go-ftw then sends no body). */
  static boolean templateFailed(StageInput input) {
    return input.data() != null && GoTemplate.render(input.data()) == null;
  }

  static byte[] encodeDataParameters(List<HeaderField> headers, byte[] data) {
    if (!anyValueEquals(headers, "Content-Type", FORM)) {
      return data;
    }
    byte[] unescaped = GoCompat.queryUnescape(data);
    if (unescaped == null || !Arrays.equals(unescaped, data)) {
      return data; // already encoded (or not decodable): sent as is
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 2);
    int start = 0;
    while (start < data.length) {
      int amp = indexOf(data, (byte) '&', start, data.length);
      int end = amp < 0 ? data.length : amp;
      int eq = indexOf(data, (byte) '=', start, end);
      if (eq < 0) {
        GoCompat.queryEscape(data, start, end, out);
      } else {
        GoCompat.queryEscape(data, start, eq, out);
        out.write('=');
        GoCompat.queryEscape(data, eq + 1, end, out);
      }
      out.write('&');
      if (amp < 0) {
        break;
      }
      start = amp + 1;
    }
    byte[] encoded = out.toByteArray();
    return Arrays.copyOf(encoded, encoded.length - 1); // the trailing '&'
  }

  private static byte[] lfToCrlf(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 64);
    for (byte b : data) {
      if (b == '\n') {
        out.write('\r');
      }
      out.write(b);
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }

  static boolean hasAny(List<HeaderField> headers, String name) {
    String key = GoCompat.canonicalHeaderKey(name);
    return headers.stream().anyMatch(h -> GoCompat.canonicalHeaderKey(h.name()).equals(key));
  }

  private static boolean anyValueEquals(List<HeaderField> headers, String name, String value) {
    String key = GoCompat.canonicalHeaderKey(name);
    return headers.stream().anyMatch(h -> GoCompat.canonicalHeaderKey(h.name()).equals(key)
        && h.value().equalsIgnoreCase(value));
  }

  private static boolean anyValueContains(List<HeaderField> headers, String name, String needle) {
    String key = GoCompat.canonicalHeaderKey(name);
    return headers.stream().anyMatch(h -> GoCompat.canonicalHeaderKey(h.name()).equals(key)
        && GoCompat.lower(h.value()).contains(needle));
  }
}
