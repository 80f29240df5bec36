package io.meshward.waf.transformations;

/**
 * {@code base64Decode} and {@code base64DecodeExt}, as Coraza decodes them (standard alphabet, padding optional).
 *
 * <p>{@code base64Decode} skips CR and LF and stops at the first {@code =}, space or other character outside the
 * alphabet, returning what it decoded up to there ({@code VGVzdA==garbage} is {@code Test}, {@code VGVz dA} is
 * {@code Tes}). A last group of two or three characters yields one or two bytes; a single leftover character is
 * dropped.
 *
 * <p>{@code base64DecodeExt} is the forgiving variant: it also skips every whitespace byte (tab, LF, VT, FF, CR, space,
 * 0x85, 0xA0) and {@code .}, and stops only at {@code =} or another character outside the alphabet.
 *
 * <p>ModSecurity's {@code base64Decode} stops at the first invalid character as well, but without skipping CR/LF.
 */
final class Base64Decode implements Transformation {
  static final Base64Decode STRICT = new Base64Decode(false);
  static final Base64Decode EXT = new Base64Decode(true);

  private static final byte[] VALUE = new byte[256];

  static {
    java.util.Arrays.fill(VALUE, (byte) -1);
    for (int c = 'A'; c <= 'Z'; c++) {
      VALUE[c] = (byte) (c - 'A');
    }
    for (int c = 'a'; c <= 'z'; c++) {
      VALUE[c] = (byte) (c - 'a' + 26);
    }
    for (int c = '0'; c <= '9'; c++) {
      VALUE[c] = (byte) (c - '0' + 52);
    }
    VALUE['+'] = 62;
    VALUE['/'] = 63;
  }

  private final boolean ext;

  private Base64Decode(boolean ext) {
    this.ext = ext;
  }

  @Override
  public String apply(String input) {
    int n = input.length();
    if (n == 0) {
      return input;
    }
    byte[] out = new byte[n / 4 * 3 + 3];
    String result = Bytes.string(out, decode(input, out));
    return result.equals(input) ? input : result;
  }

  /**
   * Asked of every value at a screen's decoding step: the decoded bytes are tested where they are, with no string
   * made of them (a benign word decodes to a few random bytes, which seldom hold the punctuation screens need).
   */
  @Override
  public boolean resultHoldsAnyOf(String input, long[] wanted) {
    byte[] out = new byte[input.length() / 4 * 3 + 3];
    for (int i = 0, n = decode(input, out); i < n; i++) {
      if (holds(wanted, out[i])) {
        return true;
      }
    }
    return false;
  }

  /** Decodes {@code input} into {@code out} (room for {@code length / 4 * 3 + 3} bytes) and returns the byte count. */
  private int decode(String input, byte[] out) {
    int o = 0;
    int x = 0;
    int count = 0;
    for (int i = 0, n = input.length(); i < n; i++) {
      int c = input.charAt(i);
      if (ext && (Whitespace.isCompressible(c) || c == '.')) {
        continue;
      }
      if (c == '\r' || c == '\n') {
        continue;
      }
      int v = c > 0xFF ? -1 : VALUE[c];
      if (v < 0) {
        // '=', a space, a byte above 0x7F or any other character outside the alphabet ends the decoding.
        break;
      }
      x = x << 6 | v;
      if (++count == 4) {
        out[o++] = (byte) (x >> 16);
        out[o++] = (byte) (x >> 8);
        out[o++] = (byte) x;
        count = 0;
        x = 0;
      }
    }
    if (count == 2) {
      out[o++] = (byte) (x >> 4);
    } else if (count == 3) {
      out[o++] = (byte) (x >> 10);
      out[o++] = (byte) (x >> 2);
    }
    return o;
  }

  private static boolean holds(long[] wanted, int decoded) {
    int b = decoded & 0xFF;
    return (wanted[b >>> 6] & (1L << (b & 63))) != 0;
  }
}
