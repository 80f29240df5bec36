package io.meshward.waf.service.dlp;

/** Why the DLP sensors did not read (or did not mask) a response body; the label is a metric label. */
public enum BodySkip {
  /** Images, audio, video, fonts, archives, gRPC: a match there would be a coincidence, and masking would corrupt. */
  BINARY("binary"),
  /** A content-encoding other than gzip and deflate. */
  UNSUPPORTED_ENCODING("unsupported-encoding"),
  /** The body decodes to more than the decoded-size bound. */
  DECODED_SIZE("decoded-size"),
  /** The body decodes to more than the ratio bound allows (a decompression bomb). */
  RATIO("ratio"),
  /** The compressed bytes do not decode. */
  CORRUPT_ENCODING("corrupt-encoding"),
  /**
   * A compressed body arriving in chunks is scanned, but not masked: the chunks go on as they came (see the README:
   * a re-encoded stream could not fall back to the original bytes when a later chunk passes the bounds).
   */
  MASK_COMPRESSED_STREAM("mask-compressed-stream");

  private final String label;

  BodySkip(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
