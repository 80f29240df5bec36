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
}
