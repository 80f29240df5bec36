package io.meshward.waf.transformations;

/**
 * {@code utf8toUnicode}: every UTF-8 sequence of two to four bytes becomes {@code %u} and the code point in lower-case
 * hex, at least four digits ({@code é} is {@code %u00e9}, U+1F600 is {@code %u1f600}); ASCII is kept.
 *
 * <p>Follows Coraza (Go's UTF-8 decoding): each byte that does not start a valid sequence (overlong forms, surrogates,
 * truncated or stray continuation bytes, 0xF5-0xFF) becomes {@code %ufffd}, one per byte. ModSecurity instead copies
 * invalid bytes through unchanged.
 */
final class Utf8ToUnicode implements Transformation {
  static final Utf8ToUnicode INSTANCE = new Utf8ToUnicode();

  private Utf8ToUnicode() {}

  @Override
  public String apply(String input) {
    int n = input.length();
    int i = 0;
    while (i < n && input.charAt(i) < 0x80) {
      i++;
    }
    if (i == n) {
      return input;
    }
    byte[] b = Bytes.of(input);
    ByteBuf out = ByteBuf.withPrefix(b, i, i + (n - i) * 3 + 16);
    while (i < n) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        out.add(c);
        i++;
        continue;
      }
      int decoded = Bytes.decodeUtf8(b, i, n);
      int cp = decoded >>> 3;
      out.add('%');
      out.add('u');
      int digits = cp > 0xFFFFF ? 6 : cp > 0xFFFF ? 5 : 4;
      for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
        out.add(Bytes.LOWER_HEX[cp >> shift & 0xF]);
      }
      i += decoded & 7;
    }
    return out.toString();
  }
}
