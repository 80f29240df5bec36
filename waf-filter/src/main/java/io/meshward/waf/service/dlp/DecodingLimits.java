package io.meshward.waf.service.dlp;

/**
 * How far a compressed response body is decompressed for the DLP sensors. A body that decodes to more than
 * {@code maxDecodedBytes}, or to more than {@code maxRatio} times the compressed bytes seen so far (a decompression
 * bomb: a few KB of zeros that decode to gigabytes), is not scanned: decoding stops at the bound, the body goes on
 * as it came, and the skip is counted ({@code meshward_waf_dlp_body_skipped_total}).
 *
 * @param maxDecodedBytes the most decoded bytes scanned per body
 * @param maxRatio the most decoded bytes per compressed byte
 */
public record DecodingLimits(long maxDecodedBytes, int maxRatio) {
  public static final long DEFAULT_MAX_DECODED_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_RATIO = 100;

  public DecodingLimits {
    if (maxDecodedBytes < 1024) {
      throw new IllegalArgumentException("the decoded-size bound must be at least 1 KiB, got " + maxDecodedBytes);
    }
    if (maxRatio < 2) {
      throw new IllegalArgumentException("the decompression ratio bound must be at least 2, got " + maxRatio);
    }
  }

  /** 1 MiB decoded, 100:1. */
  public static DecodingLimits defaults() {
    return new DecodingLimits(DEFAULT_MAX_DECODED_BYTES, DEFAULT_MAX_RATIO);
  }
}
