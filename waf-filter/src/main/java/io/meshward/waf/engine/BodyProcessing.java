package io.meshward.waf.engine;

/**
 * Parsing of query strings, cookies and request bodies into variables, as the body processors do it. The engine
 * talks to the body processors only through this interface.
 */
interface BodyProcessing {
  /** Adds each parameter of a raw query string to ARGS_GET. */
  void parseQuery(String rawQuery, VariableSink sink);

  /** Adds each cookie of a Cookie header value to REQUEST_COOKIES. */
  void parseCookies(String headerValue, VariableSink sink);

  /**
   * Parses a buffered request body with the named processor (URLENCODED, MULTIPART, JSON, XML) into ARGS_POST,
   * FILES, XML, the MULTIPART_* flags and REQBODY_ERROR, within the limits; {@code argsAlreadyPresent} (ARGS_GET)
   * counts towards the arguments limit.
   *
   * @return false when the processor name is unknown
   */
  boolean parseRequestBody(String processor, byte[] body, int length, String contentType,
                           int argsAlreadyPresent, VariableSink sink);

  /** Where parsed values go. */
  interface VariableSink {
    void add(io.meshward.waf.variables.Variable collection, String key, String value);

    void set(io.meshward.waf.variables.Variable scalar, String value);

    /** A parse error: REQBODY_ERROR=1 and its message. */
    void error(String message);
  }
}
