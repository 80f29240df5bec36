package io.meshward.waf.dlp;

/** Where a sensor looks. */
public enum DlpLocation {
  /** The request target (path and query). */
  URL,
  REQUEST_HEADERS,
  REQUEST_BODY,
  RESPONSE_HEADERS,
  RESPONSE_BODY
}
