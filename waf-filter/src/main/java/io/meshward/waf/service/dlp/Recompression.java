package io.meshward.waf.service.dlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Encodes a masked body again in its original coding, so that the client reads what the {@code content-encoding}
 * header still says. HTTP "deflate" is written zlib-wrapped (RFC 9110), whatever the server sent.
 */
final class Recompression {
  private Recompression() {}

  static byte[] encode(ContentCoding coding, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
    try (OutputStream encoder = switch (coding) {
      case GZIP -> new GZIPOutputStream(out);
      case DEFLATE -> new DeflaterOutputStream(out);
      default -> throw new IllegalArgumentException("not a coding to encode: " + coding);
    }) {
      encoder.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }
}
