package io.meshward.waf.xss;

/**
 * The input positions at which one tokenizer pass emitted an attribute name while the closing flag was clear: a
 * bit set over the input, one per detection call.
 *
 * <p>Why it is enough to remember these: the tokenizer is deterministic, and an attribute name starting at {@code p}
 * (closing flag clear) is always followed by the same tokens, whatever came before; the detector's verdict on those
 * tokens does not depend on anything before the name either (a name resets the attribute class). So once a later
 * pass emits a name the tag-context pass emitted, and that pass found nothing dangerous, the rest of the later pass
 * cannot find anything either. Benign text with quotes falls into step with the tag-context pass after a word or
 * two.
 */
final class AttributeNameStarts {
  private final long[] bits;

  AttributeNameStarts(int inputLength) {
    bits = new long[(inputLength >>> 6) + 1];
  }

  void add(int position) {
    bits[position >>> 6] |= 1L << position;
  }

  boolean contains(int position) {
    return (bits[position >>> 6] & (1L << position)) != 0;
  }
}
