package io.meshward.policy.yaml;

import java.io.Reader;

/**
 * Hands a text to the YAML reader without ever ending a chunk between the two halves of a surrogate pair. The
 * StreamReader of snakeyaml-engine 2.10 fills its buffer and, when the last char is a high surrogate, reads one more
 * char past the buffer's end: an IndexOutOfBoundsException on perfectly valid text whenever an emoji happens to
 * straddle a 1024-char boundary. Reads that stop one char short avoid that path.
 */
final class PairPreservingReader extends Reader {
  private final String text;
  private int position;

  PairPreservingReader(String text) {
    this.text = text;
  }

  @Override
  public int read(char[] buffer, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    if (position >= text.length()) {
      return -1;
    }
    int end = Math.min(text.length(), position + length);
    if (end - position > 1 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    text.getChars(position, end, buffer, offset);
    int count = end - position;
    position = end;
    return count;
  }

  @Override
  public void close() {
    // nothing to release
  }
}
