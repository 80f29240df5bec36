package io.meshward.waf.bodyprocessors;

import com.fasterxml.jackson.core.JsonFactory;
import java.util.List;
import java.util.Objects;

/**
 * The body processors, for the engine to call once the request body is buffered. Thread-safe and immutable: one
 * instance (per limits) serves every transaction.
 *
 * <p>Typical use, in phase 2:
 *
 * <pre>{@code
 * ParsedArgs get = processors.parseQueryString(queryString, 0);          // ARGS_GET, in phase 1
 * BodyProcessorType type = ctlChoice != null ? ctlChoice : BodyProcessorType.defaultFor(contentType);
 * BodyResult r = processors.process(type, body, bodyLength, contentType, get.args().size());
 * // r.args() -> ARGS_POST / ARGS; r.error() -> REQBODY_ERROR; r.flags() -> MULTIPART_* ...
 * }</pre>
 *
 * <p>No method throws on any input: every failure, including an unexpected one inside a parser, is reported as
 * {@link BodyResult#error()} with a message.
 */
public final class BodyProcessors {
  private final BodyLimits limits;
  private final char argumentSeparator;
  private final JsonFactory jsonFactory;

  /** Processors with the given limits and {@code &} as argument separator. */
  public BodyProcessors(BodyLimits limits) {
    this(limits, '&');
  }

  /**
   * Processors with the given limits and argument separator (SecArgumentSeparator; it applies to URL-encoded bodies
   * and query strings).
   */
  public BodyProcessors(BodyLimits limits, char argumentSeparator) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.argumentSeparator = argumentSeparator;
    this.jsonFactory = JsonBodyParser.factory(limits);
  }

  /** Processors with {@link BodyLimits#DEFAULTS}. */
  public static BodyProcessors withDefaults() {
    return new BodyProcessors(BodyLimits.DEFAULTS);
  }

  public BodyLimits limits() {
    return limits;
  }

  /**
   * Runs a processor on a request body.
   *
   * @param type the processor (REQBODY_PROCESSOR): from {@code ctl:requestBodyProcessor} or
   *     {@link BodyProcessorType#defaultFor(String)}
   * @param body the buffered body; only {@code [0, length)} is read, and at most {@link BodyLimits#maxBodyBytes()}
   *     of it. The array is not copied or kept, except that {@link FilePart}s point into it.
   * @param length the body length
   * @param contentType the request's Content-Type header value (multipart needs its boundary), or null
   * @param argsAlreadyPresent arguments counted before the body (ARGS_GET), for the arguments limit
   */
  public BodyResult process(
      BodyProcessorType type, byte[] body, int length, String contentType, int argsAlreadyPresent) {
    Objects.requireNonNull(type, "type");
    BodyResult.Builder out = new BodyResult.Builder(type);
    try {
      if (body == null) {
        body = new byte[0];
        length = 0;
      }
      int n = Math.max(0, Math.min(length, body.length));
      if (n > limits.maxBodyBytes()) {
        n = limits.maxBodyBytes();
        out.truncated = true;
      }
      out.bytesProcessed = n;
      Budget budget = new Budget(limits.maxArgs(), argsAlreadyPresent, limits.maxCollectedBytes());
      switch (type) {
        case URLENCODED:
          urlEncoded(body, n, budget, out);
          break;
        case MULTIPART:
          MultipartParser.parse(body, n, contentType, limits, budget, out);
          break;
        case JSON:
          if (!isBlank(body, n)) {
            JsonBodyParser.parse(jsonFactory, body, n, limits, budget, out);
          }
          break;
        case XML:
          if (!isBlank(body, n)) {
            XmlBodyParser.parse(body, n, limits, budget, out);
          }
          break;
        case RAW:
        default:
          break;
      }
    } catch (RuntimeException e) {
      out.fail(type.name() + " parsing error: internal error (" + e.getClass().getSimpleName() + ")");
    }
    return out.build();
  }

  /** {@link #process} with no arguments counted before the body. */
  public BodyResult process(BodyProcessorType type, byte[] body, String contentType) {
    return process(type, body, body == null ? 0 : body.length, contentType, 0);
  }

  /**
   * ARGS_GET from a query string (the part of the request line after {@code ?}, a byte string), with the same
   * parsing as URL-encoded bodies. Arguments past the limit are dropped and reported; that is not a body error.
   */
  public ParsedArgs parseQueryString(String query, int argsAlreadyPresent) {
    if (query == null || query.isEmpty()) {
      return new ParsedArgs(List.of(), false, false);
    }
    try {
      return UrlEncodedParser.parse(query, argumentSeparator, limits.maxArgs(), argsAlreadyPresent);
    } catch (RuntimeException e) {
      return new ParsedArgs(List.of(), true, false);
    }
  }

  /** REQUEST_COOKIES from one Cookie header value: see {@link CookieParser}. */
  public static List<NamedValue> parseCookies(String cookieHeader) {
    return CookieParser.parse(cookieHeader);
  }

  private void urlEncoded(byte[] body, int n, Budget budget, BodyResult.Builder out) {
    boolean invalid = UrlEncodedParser.parseInto(
        new UrlEncodedParser.Latin1View(body, 0, n), argumentSeparator, budget, out.args);
    out.flags.put("URLENCODED_ERROR", invalid ? 1 : 0);
    if (budget.argsExceeded()) {
      out.argsLimitExceeded = true;
      out.fail("URLENCODED parsing error: arguments limit exceeded (" + limits.maxArgs() + ")");
    }
  }

  private static boolean isBlank(byte[] b, int n) {
    for (int i = 0; i < n; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return false;
      }
    }
    return true;
  }
}
