package io.meshward.waf.transformations;

/**
 * A SecLang transformation ({@code t:lowercase}, {@code t:urlDecodeUni}, ...).
 *
 * <p>Values are byte strings: Java strings in which every char is one byte (0-255), as decoding the raw bytes with
 * ISO-8859-1 gives them. A transformation that produces text outside Latin-1 (e.g. {@code utf8toUnicode}) writes it
 * as UTF-8 bytes, one char each. Implementations are pure functions, thread-safe, and return the input instance
 * itself when nothing changed, so that callers can tell cheaply.
 */
@FunctionalInterface
public interface Transformation {
  String apply(String input);

  /**
   * Whether {@code apply(input)} holds one of the bytes in {@code wanted} (bit {@code b & 63} of word {@code b >>> 6}
   * for byte {@code b}; a char above 0xFF counts as holding every byte). Rule screens ask this of every value at a
   * decoding step; a step whose result seldom holds the bytes overrides it to answer without building the result.
   */
  default boolean resultHoldsAnyOf(String input, long[] wanted) {
    String result = apply(input);
    for (int i = 0, n = result.length(); i < n; i++) {
      char c = result.charAt(i);
      if (c > 0xFF || (wanted[c >>> 6] & (1L << (c & 63))) != 0) {
        return true;
      }
    }
    return false;
  }
}
