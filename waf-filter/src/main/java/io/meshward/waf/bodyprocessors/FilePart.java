package io.meshward.waf.bodyprocessors;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A multipart part that carried a non-empty {@code filename} in its Content-Disposition header.
 *
 * <p>ModSecurity builds FILES, FILES_NAMES, FILES_SIZES and FILES_COMBINED_SIZE from these. The content is not copied:
 * it is the range {@code [contentOffset, contentOffset + size)} of the body array that was processed, which
 * {@link #content(byte[])} decodes on demand (FILES_TMP_CONTENT).
 *
 * @param name the part's {@code name} (FILES_NAMES)
 * @param filename the part's {@code filename} as sent, with no path stripping (FILES)
 * @param contentType the part's Content-Type header value, or the empty string
 * @param contentOffset where the content starts in the body array
 * @param size the content length in bytes (FILES_SIZES)
 */
public record FilePart(String name, String filename, String contentType, int contentOffset, int size) {
  public FilePart {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(contentType, "contentType");
    if (contentOffset < 0 || size < 0) {
      throw new IllegalArgumentException("negative offset or size");
    }
  }

  /** The file content as a byte string, read from the body array the result was produced from. */
  public String content(byte[] body) {
    return new String(body, contentOffset, size, StandardCharsets.ISO_8859_1);
  }
}
