package io.meshward.waf.variables;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SecLang variables. A collection holds keyed values ({@code ARGS:name}); a scalar holds one value. The
 * {@code *_NAMES} collections present the keys of another collection as values.
 */
public enum Variable {
  ARGS(Kind.COLLECTION, true),
  ARGS_GET(Kind.COLLECTION, true),
  ARGS_POST(Kind.COLLECTION, true),
  ARGS_PATH(Kind.COLLECTION, true),
  ARGS_NAMES(Kind.NAMES, true),
  ARGS_GET_NAMES(Kind.NAMES, true),
  ARGS_POST_NAMES(Kind.NAMES, true),
  ARGS_COMBINED_SIZE(Kind.SCALAR, false),
  REQUEST_HEADERS(Kind.COLLECTION, false),
  REQUEST_HEADERS_NAMES(Kind.NAMES, false),
  REQUEST_COOKIES(Kind.COLLECTION, false),
  REQUEST_COOKIES_NAMES(Kind.NAMES, false),
  REQUEST_LINE(Kind.SCALAR, false),
  REQUEST_METHOD(Kind.SCALAR, false),
  REQUEST_PROTOCOL(Kind.SCALAR, false),
  REQUEST_URI(Kind.SCALAR, false),
  REQUEST_URI_RAW(Kind.SCALAR, false),
  REQUEST_FILENAME(Kind.SCALAR, false),
  REQUEST_BASENAME(Kind.SCALAR, false),
  QUERY_STRING(Kind.SCALAR, false),
  REQUEST_BODY(Kind.SCALAR, false),
  REQUEST_BODY_LENGTH(Kind.SCALAR, false),
  FULL_REQUEST_LENGTH(Kind.SCALAR, false),
  REQBODY_PROCESSOR(Kind.SCALAR, false),
  REQBODY_ERROR(Kind.SCALAR, false),
  REQBODY_ERROR_MSG(Kind.SCALAR, false),
  REQBODY_PROCESSOR_ERROR(Kind.SCALAR, false),
  REQBODY_PROCESSOR_ERROR_MSG(Kind.SCALAR, false),
  INBOUND_DATA_ERROR(Kind.SCALAR, false),
  OUTBOUND_DATA_ERROR(Kind.SCALAR, false),
  URLENCODED_ERROR(Kind.SCALAR, false),
  FILES(Kind.COLLECTION, false),
  FILES_NAMES(Kind.COLLECTION, false),
  FILES_SIZES(Kind.COLLECTION, false),
  FILES_TMPNAMES(Kind.COLLECTION, false),
  FILES_TMP_CONTENT(Kind.COLLECTION, false),
  FILES_COMBINED_SIZE(Kind.SCALAR, false),
  MULTIPART_PART_HEADERS(Kind.COLLECTION, false),
  MULTIPART_FILENAME(Kind.COLLECTION, false),
  MULTIPART_NAME(Kind.COLLECTION, false),
  MULTIPART_BOUNDARY_QUOTED(Kind.SCALAR, false),
  MULTIPART_BOUNDARY_WHITESPACE(Kind.SCALAR, false),
  MULTIPART_CRLF_LF_LINES(Kind.SCALAR, false),
  MULTIPART_DATA_AFTER(Kind.SCALAR, false),
  MULTIPART_DATA_BEFORE(Kind.SCALAR, false),
  MULTIPART_FILE_LIMIT_EXCEEDED(Kind.SCALAR, false),
  MULTIPART_HEADER_FOLDING(Kind.SCALAR, false),
  MULTIPART_INVALID_HEADER_FOLDING(Kind.SCALAR, false),
  MULTIPART_INVALID_PART(Kind.SCALAR, false),
  MULTIPART_INVALID_QUOTING(Kind.SCALAR, false),
  MULTIPART_LF_LINE(Kind.SCALAR, false),
  MULTIPART_MISSING_SEMICOLON(Kind.SCALAR, false),
  MULTIPART_SEMICOLON_MISSING(Kind.SCALAR, false),
  MULTIPART_STRICT_ERROR(Kind.SCALAR, false),
  MULTIPART_UNMATCHED_BOUNDARY(Kind.SCALAR, false),
  XML(Kind.COLLECTION, false),
  REQUEST_XML(Kind.COLLECTION, false),
  RESPONSE_XML(Kind.COLLECTION, false),
  JSON(Kind.COLLECTION, false),
  MATCHED_VAR(Kind.SCALAR, false),
  MATCHED_VAR_NAME(Kind.SCALAR, false),
  MATCHED_VARS(Kind.COLLECTION, false),
  MATCHED_VARS_NAMES(Kind.NAMES, false),
  REMOTE_ADDR(Kind.SCALAR, false),
  REMOTE_HOST(Kind.SCALAR, false),
  REMOTE_PORT(Kind.SCALAR, false),
  REMOTE_USER(Kind.SCALAR, false),
  SERVER_ADDR(Kind.SCALAR, false),
  SERVER_NAME(Kind.SCALAR, false),
  SERVER_PORT(Kind.SCALAR, false),
  UNIQUE_ID(Kind.SCALAR, false),
  AUTH_TYPE(Kind.SCALAR, false),
  RESPONSE_BODY(Kind.SCALAR, false),
  RESPONSE_HEADERS(Kind.COLLECTION, false),
  RESPONSE_HEADERS_NAMES(Kind.NAMES, false),
  RESPONSE_STATUS(Kind.SCALAR, false),
  RESPONSE_PROTOCOL(Kind.SCALAR, false),
  RESPONSE_CONTENT_TYPE(Kind.SCALAR, false),
  RESPONSE_CONTENT_LENGTH(Kind.SCALAR, false),
  STATUS_LINE(Kind.SCALAR, false),
  RESBODY_PROCESSOR(Kind.SCALAR, false),
  HIGHEST_SEVERITY(Kind.SCALAR, false),
  DURATION(Kind.SCALAR, false),
  TIME(Kind.SCALAR, false),
  TIME_DAY(Kind.SCALAR, false),
  TIME_EPOCH(Kind.SCALAR, false),
  TIME_HOUR(Kind.SCALAR, false),
  TIME_MIN(Kind.SCALAR, false),
  TIME_MON(Kind.SCALAR, false),
  TIME_SEC(Kind.SCALAR, false),
  TIME_WDAY(Kind.SCALAR, false),
  TIME_YEAR(Kind.SCALAR, false),
  WEBSERVER_ERROR_LOG(Kind.COLLECTION, false),
  TX(Kind.COLLECTION, false),
  RULE(Kind.COLLECTION, false),
  ENV(Kind.COLLECTION, false),
  GEO(Kind.COLLECTION, false),
  IP(Kind.COLLECTION, false),
  GLOBAL(Kind.COLLECTION, false),
  SESSION(Kind.COLLECTION, false),
  USER(Kind.COLLECTION, false),
  RESOURCE(Kind.COLLECTION, false);

  /** How a variable holds its values. */
  public enum Kind {
    /** One value, or none. */
    SCALAR,
    /** Keyed values, selectable by key or by a regex on keys. */
    COLLECTION,
    /** The keys of another collection, as values. */
    NAMES
  }

  private static final Map<String, Variable> BY_NAME = new HashMap<>();

  static {
    for (Variable v : values()) {
      BY_NAME.put(v.name(), v);
    }
  }

  private final Kind kind;
  private final boolean caseSensitiveKeys;
  private final String lowerName;

  Variable(Kind kind, boolean caseSensitiveKeys) {
    this.kind = kind;
    this.caseSensitiveKeys = caseSensitiveKeys;
    this.lowerName = name().toLowerCase(Locale.ROOT);
  }

  /** The name in lower case, as MATCHED_VARS keys it. */
  public String lowerName() {
    return lowerName;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether keys are compared case-sensitively: only the ARGS family, as in the reference engines. */
  public boolean caseSensitiveKeys() {
    return caseSensitiveKeys;
  }

  public boolean selectable() {
    return kind != Kind.SCALAR;
  }

  /** The variable named {@code name} (case-insensitive), or empty. */
  public static Optional<Variable> byName(String name) {
    Variable exact = BY_NAME.get(name); // compiled rules and macros already hold upper-case names
    return Optional.ofNullable(exact != null ? exact : BY_NAME.get(name.toUpperCase(Locale.ROOT)));
  }

  /** For a NAMES variable, the collection whose keys it presents. */
  public Variable namesOf() {
    return switch (this) {
      case ARGS_NAMES -> ARGS;
      case ARGS_GET_NAMES -> ARGS_GET;
      case ARGS_POST_NAMES -> ARGS_POST;
      case REQUEST_HEADERS_NAMES -> REQUEST_HEADERS;
      case REQUEST_COOKIES_NAMES -> REQUEST_COOKIES;
      case RESPONSE_HEADERS_NAMES -> RESPONSE_HEADERS;
      case MATCHED_VARS_NAMES -> MATCHED_VARS;
      default -> throw new IllegalStateException(this + " is not a NAMES variable");
    };
  }
}
