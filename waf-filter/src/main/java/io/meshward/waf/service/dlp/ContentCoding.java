package io.meshward.waf.service.dlp;

import java.util.Locale;

/** A body's {@code content-encoding}, as far as the DLP sensors can read through it. */
public enum ContentCoding {
  IDENTITY,
  GZIP,
  /** HTTP's "deflate": zlib-wrapped (RFC 1950), or raw deflate as some servers send it. */
  DEFLATE,
  /** Anything else (br, zstd, a list of codings): not decoded, so not scanned. */
  UNSUPPORTED;

  /** The coding of a {@code content-encoding} value; absent or empty is identity. */
  public static ContentCoding of(String header) {
    if (header == null) {
      return IDENTITY;
    }
    String value = header.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "", "identity" -> IDENTITY;
      case "gzip", "x-gzip" -> GZIP;
      case "deflate" -> DEFLATE;
      default -> UNSUPPORTED;
    };
  }
}
