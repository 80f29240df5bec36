package io.meshward.waf.service.dlp;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses a gzip or deflate body fed in pieces, and stops at the {@link DecodingLimits}: it never produces
 * more than the decoded-size bound (plus one buffer), and stops as soon as the output passes the ratio bound
 * against the compressed bytes fed so far. The gzip header is parsed here (so that pieces can split it anywhere)
 * and its trailer ignored: the checksum is the client's business, the DLP sensors only read. Not thread-safe;
 * {@link #close()} frees the native inflater.
 */
final class BoundedInflater implements AutoCloseable {
  /** A gzip header larger than this (a huge FEXTRA or file name) is treated as corrupt rather than buffered. */
  static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int BUFFER = 16 * 1024;

  private final ContentCoding coding;
  private final DecodingLimits limits;
  private Inflater inflater;
  private byte[] prefix = new byte[0]; // bytes before the deflate data starts, until there are enough to parse
  private long fed;
  private long produced;
  private Optional<BodySkip> stopped = Optional.empty();

  BoundedInflater(ContentCoding coding, DecodingLimits limits) {
    if (coding != ContentCoding.GZIP && coding != ContentCoding.DEFLATE) {
      throw new IllegalArgumentException("not a coding this inflater decodes: " + coding);
    }
    this.coding = coding;
    this.limits = limits;
  }

  /** Why decoding stopped early (a bound, corrupt data), if it did: then {@link #feed} decodes nothing more. */
  Optional<BodySkip> stopped() {
    return stopped;
  }

  /** Whether the compressed data has ended (the deflate stream is complete). */
  boolean finished() {
    return inflater != null && inflater.finished();
  }

  long decodedBytes() {
    return produced;
  }

  /**
   * The bytes the next compressed piece decodes to (up to where a bound stopped it; see {@link #stopped()}).
   */
  byte[] feed(byte[] compressed) {
    if (stopped.isPresent() || finished()) {
      return new byte[0];
    }
    fed += compressed.length;
    byte[] input = compressed;
    if (inflater == null) {
      byte[] pending = concat(prefix, compressed);
      int start = start(pending);
      if (start == NEED_MORE) {
        prefix = pending;
        if (prefix.length > MAX_HEADER_BYTES) {
          stopped = Optional.of(BodySkip.CORRUPT_ENCODING);
        }
        return new byte[0];
      }
      if (start == CORRUPT) {
        stopped = Optional.of(BodySkip.CORRUPT_ENCODING);
        return new byte[0];
      }
      prefix = null;
      input = Arrays.copyOfRange(pending, start, pending.length);
    }
    return inflate(input);
  }

  private byte[] inflate(byte[] input) {
    inflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(BUFFER, Math.max(64, input.length * 4)));
    byte[] buffer = new byte[BUFFER];
    try {
      while (!inflater.finished()) {
        // Never ask for more than one byte past the size bound: a bomb is stopped after at most that much work.
        int room = (int) Math.min(buffer.length, limits.maxDecodedBytes() - produced + 1);
        int n = inflater.inflate(buffer, 0, room);
        if (n == 0) {
          if (inflater.needsDictionary()) {
            stopped = Optional.of(BodySkip.CORRUPT_ENCODING); // a preset dictionary we cannot know
          }
          break; // needs more input (or finished)
        }
        produced += n;
        out.write(buffer, 0, n);
        if (produced > limits.maxDecodedBytes()) {
          stopped = Optional.of(BodySkip.DECODED_SIZE);
          break;
        }
        if (produced > limits.maxRatio() * fed) {
          stopped = Optional.of(BodySkip.RATIO);
          break;
        }
      }
    } catch (DataFormatException e) {
      stopped = Optional.of(BodySkip.CORRUPT_ENCODING);
    }
    return out.toByteArray();
  }

  private static final int NEED_MORE = -1;
  private static final int CORRUPT = -2;

  /** Where the deflate data starts in {@code bytes}, creating the inflater; or NEED_MORE, or CORRUPT. */
  private int start(byte[] bytes) {
    if (coding == ContentCoding.DEFLATE) {
      if (bytes.length < 2) {
        return NEED_MORE;
      }
      // RFC 1950's header: compression method 8 and a check value; without it the data is raw deflate.
      int header = (bytes[0] & 0xff) << 8 | (bytes[1] & 0xff);
      boolean zlib = (bytes[0] & 0x0f) == 8 && header % 31 == 0;
      inflater = new Inflater(!zlib);
      return 0;
    }
    int length = gzipHeaderLength(bytes);
    if (length >= 0) {
      inflater = new Inflater(true);
    }
    return length;
  }

  /** RFC 1952: the fixed 10 bytes, then the optional extra field, file name, comment and header CRC. */
  static int gzipHeaderLength(byte[] b) {
    if (b.length < 10) {
      return b.length >= 1 && (b[0] & 0xff) != 0x1f || b.length >= 2 && (b[1] & 0xff) != 0x8b ? CORRUPT
          : NEED_MORE;
    }
    if ((b[0] & 0xff) != 0x1f || (b[1] & 0xff) != 0x8b || b[2] != 8) {
      return CORRUPT;
    }
    int flags = b[3] & 0xff;
    int at = 10;
    if ((flags & 0x04) != 0) {
      if (b.length < at + 2) {
        return NEED_MORE;
      }
      at += 2 + ((b[at] & 0xff) | (b[at + 1] & 0xff) << 8);
    }
    for (int zeroTerminated : new int[] {0x08, 0x10}) {
      if ((flags & zeroTerminated) != 0) {
        while (at < b.length && b[at] != 0) {
          at++;
        }
        if (at >= b.length) {
          return NEED_MORE;
        }
        at++;
      }
    }
    if ((flags & 0x02) != 0) {
      at += 2;
    }
    return at <= b.length ? at : NEED_MORE;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    if (a.length == 0) {
      return b;
    }
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Override
  public void close() {
    if (inflater != null) {
      inflater.end();
    }
  }
}
