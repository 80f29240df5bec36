package io.meshward.waf.service.dlp;

import java.util.Locale;
import java.util.Set;

/** What a response's {@code content-type} says about reading its body as text. */
final class MediaTypes {
  private static final Set<String> BINARY_PREFIXES = Set.of("image/", "audio/", "video/", "font/");
  private static final Set<String> BINARY_TYPES = Set.of("application/octet-stream", "application/zip",
      "application/gzip", "application/x-gzip", "application/pdf", "application/x-protobuf",
      "application/protobuf", "application/wasm", "application/x-tar", "application/x-7z-compressed");

  private MediaTypes() {}

  /** Bytes that are not text: scanning them finds coincidences, and masking them would corrupt them. */
  static boolean binary(String contentType) {
    String type = bare(contentType);
    if (BINARY_TYPES.contains(type) || type.startsWith("application/grpc")) {
      return true;
    }
    for (String prefix : BINARY_PREFIXES) {
      if (type.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** A JSON document (application/json, application/problem+json, ...): masking then keeps it valid JSON. */
  static boolean json(String contentType) {
    String type = bare(contentType);
    return type.endsWith("/json") || type.endsWith("+json");
  }

  private static String bare(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }
}
