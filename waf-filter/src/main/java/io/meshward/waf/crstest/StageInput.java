package io.meshward.waf.crstest;

import java.util.List;

/**
 * The {@code input} of a go-ftw test stage, as written (absent fields are null; go-ftw's defaults are applied by the
 * {@code effective*} methods). Strings are the YAML text after YAML unescaping; a scalar written as a number or a
 * boolean keeps its YAML spelling ({@code Content-Length: 0} is the text "0"), as Go's YAML decoder gives a string
 * field.
 *
 * @param destAddr where go-ftw connects (unused in-process)
 * @param port the destination port (unused in-process except as the server port)
 * @param protocol "http" or "https" (unused in-process)
 * @param method the request method, verbatim (may hold whitespace: it is sent as is)
 * @param uri the request target, verbatim
 * @param version the protocol token of the request line, verbatim ("" sends no version)
 * @param headers the headers in file order, or null when the field is absent
 * @param data the request body (a Go template, see {@link GoTemplate}), or null
 * @param encodedData base64 of the request body (go-ftw's {@code encoded_data}), or null
 * @param autocompleteHeaders whether go-ftw completes the request (Content-Type, Content-Length, Connection)
 * @param stopMagic the legacy inverse of {@code autocomplete_headers}
 * @param encodedRequest base64 of the whole raw request, sent instead of everything else, or null
 * @param rawRequest the whole raw request as text (legacy FTW {@code raw_request}), or null
 * @param saveCookie go-ftw's {@code save_cookie} (no test uses it; recorded, not acted on)
 * @param virtualHostMode go-ftw's {@code virtual_host_mode} (affects go-ftw's marker requests only)
 */
public record StageInput(
    String destAddr,
    Integer port,
    String protocol,
    String method,
    String uri,
    String version,
    List<HeaderField> headers,
    String data,
    String encodedData,
    Boolean autocompleteHeaders,
    Boolean stopMagic,
    String encodedRequest,
    String rawRequest,
    Boolean saveCookie,
    Boolean virtualHostMode) {

  public StageInput {
    headers = headers == null ? null : List.copyOf(headers);
  }

  /** go-ftw's default method. */
  public String effectiveMethod() {
    return method == null ? "GET" : method;
  }

  public String effectiveUri() {
    return uri == null ? "/" : uri;
  }

  public String effectiveVersion() {
    return version == null ? "HTTP/1.1" : version;
  }

  public int effectivePort() {
    return port == null ? 80 : port;
  }

  public List<HeaderField> effectiveHeaders() {
    return headers == null ? List.of() : headers;
  }

  /**
   * go-ftw's rule: {@code autocomplete_headers} when given, else the inverse of {@code stop_magic} when given, else
   * true.
   */
  public boolean effectiveAutocompleteHeaders() {
    if (autocompleteHeaders != null) {
      return autocompleteHeaders;
    }
    if (stopMagic != null) {
      return !stopMagic;
    }
    return true;
  }
}
