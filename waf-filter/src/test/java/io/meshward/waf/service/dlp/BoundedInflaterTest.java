package io.meshward.waf.service.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BoundedInflaterTest {
  private static final DecodingLimits LIMITS = new DecodingLimits(64 * 1024, 100);
  private static final byte[] TEXT = "{\"card\": \"4111 1111 1105 1234\", \"note\": \"thanks\"}\n".repeat(20)
      .getBytes(StandardCharsets.US_ASCII);

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  /** Feeds {@code compressed} in pieces of {@code piece} bytes and returns all it decodes to. */
  private static byte[] decode(BoundedInflater inflater, byte[] compressed, int piece) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int at = 0; at < compressed.length; at += piece) {
      out.writeBytes(inflater.feed(Arrays.copyOfRange(compressed, at, Math.min(compressed.length, at + piece))));
    }
    return out.toByteArray();
  }

  @Test
  void gzipFedOneByteAtATimeDecodesWholeHeaderSplitAnywhere() throws IOException {
    try (BoundedInflater inflater = new BoundedInflater(ContentCoding.GZIP, LIMITS)) {
      assertThat(decode(inflater, gzip(TEXT), 1)).isEqualTo(TEXT);
      assertThat(inflater.stopped()).isEmpty();
      assertThat(inflater.finished()).isTrue();
    }
  }

  @Test
  void aGzipHeaderWithExtraFieldFileNameAndCommentIsSkipped() throws IOException {
    byte[] plain = gzip(TEXT);
    // Rebuild the header with FEXTRA, FNAME and FCOMMENT (flags 4 | 8 | 16) before the same deflate data.
    ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
    rebuilt.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
    rebuilt.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'});
    rebuilt.writeBytes("orders.json\0".getBytes(StandardCharsets.US_ASCII));
    rebuilt.writeBytes("nightly export\0".getBytes(StandardCharsets.US_ASCII));
    rebuilt.write(plain, 10, plain.length - 10);

    try (BoundedInflater inflater = new BoundedInflater(ContentCoding.GZIP, LIMITS)) {
      assertThat(decode(inflater, rebuilt.toByteArray(), 7)).isEqualTo(TEXT);
    }
  }

  @Test
  void deflateIsReadZlibWrappedAndRaw() throws IOException {
    ByteArrayOutputStream zlib = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(zlib)) {
      out.write(TEXT);
    }
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(raw, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
      out.write(TEXT);
    }

    for (byte[] encoded : new byte[][] {zlib.toByteArray(), raw.toByteArray()}) {
      try (BoundedInflater inflater = new BoundedInflater(ContentCoding.DEFLATE, LIMITS)) {
        assertThat(decode(inflater, encoded, 5)).isEqualTo(TEXT);
      }
    }
  }

  @Test
  void aBombStopsAtTheRatioBoundHavingDecodedLittle() throws IOException {
    byte[] bomb = gzip(new byte[50 * 1024 * 1024]); // 50 MiB of zeros, about 50 KB

    try (BoundedInflater inflater = new BoundedInflater(ContentCoding.GZIP,
        new DecodingLimits(64 * 1024 * 1024, 100))) {
      byte[] decoded = decode(inflater, bomb, 16 * 1024);
      assertThat(inflater.stopped()).contains(BodySkip.RATIO);
      assertThat(decoded.length).as("stopped within a buffer of 100 x the first piece")
          .isLessThanOrEqualTo(100 * 16 * 1024 + 16 * 1024);
      assertThat(inflater.feed(new byte[] {1, 2, 3})).as("nothing more once stopped").isEmpty();
    }
  }

  @Test
  void theSizeBoundStopsDecodingOneBytePastIt() throws IOException {
    byte[] big = new byte[200 * 1024];
    new java.util.Random(1).nextBytes(big); // incompressible: within any ratio

    try (BoundedInflater inflater = new BoundedInflater(ContentCoding.GZIP, LIMITS)) {
      byte[] decoded = decode(inflater, gzip(big), 8 * 1024);
      assertThat(inflater.stopped()).isEqualTo(Optional.of(BodySkip.DECODED_SIZE));
      assertThat(decoded.length).isEqualTo(64 * 1024 + 1);
    }
  }

  @Test
  void bytesThatAreNotGzipAreCorrupt() {
    try (BoundedInflater inflater = new BoundedInflater(ContentCoding.GZIP, LIMITS)) {
      assertThat(inflater.feed("{\"plain\": true}".getBytes(StandardCharsets.US_ASCII))).isEmpty();
      assertThat(inflater.stopped()).contains(BodySkip.CORRUPT_ENCODING);
    }
    byte[] garbage = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x12};
    try (BoundedInflater inflater = new BoundedInflater(ContentCoding.GZIP, LIMITS)) {
      inflater.feed(garbage);
      assertThat(inflater.stopped()).contains(BodySkip.CORRUPT_ENCODING);
    }
  }
}
