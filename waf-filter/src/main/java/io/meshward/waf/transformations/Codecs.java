package io.meshward.waf.transformations;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The encoding, hashing and measuring transformations.
 *
 * <ul>
 *   <li>{@code length}: the length in bytes, in decimal.
 *   <li>{@code md5}, {@code sha1}: the raw digest, 16 or 20 bytes (one char each), not hex; CRS pairs {@code sha1}
 *       with {@code hexEncode}.
 *   <li>{@code hexEncode}: two lower-case hex digits per byte.
 *   <li>{@code hexDecode}: the inverse; as in Coraza (Go's {@code hex.DecodeString}) a value of odd length or with a
 *       non-hex character is an error and the value passes unchanged. ModSecurity decodes what it can instead.
 *   <li>{@code urlEncode}: space to {@code +}; {@code *}, digits and ASCII letters kept; every other byte as
 *       {@code %hh} in lower case (Coraza and ModSecurity agree).
 *   <li>{@code sqlHexDecode}: each {@code 0x} or {@code 0X} followed by hex digit pairs is replaced by the bytes they
 *       encode ({@code 0x414243} is {@code ABC}); a lone trailing digit is kept, a {@code 0x} without a digit pair is
 *       kept. Coraza has no such transformation; this is ModSecurity's, except that ModSecurity stops at the first NUL
 *       byte (C strings) where we carry on.
 * </ul>
 */
final class Codecs {
  static final Transformation LENGTH = Codecs::length;
  static final Transformation MD5 = s -> digest("MD5", s);
  static final Transformation SHA1 = s -> digest("SHA-1", s);
  static final Transformation HEX_ENCODE = Codecs::hexEncode;
  static final Transformation HEX_DECODE = Codecs::hexDecode;
  static final Transformation URL_ENCODE = Codecs::urlEncode;
  static final Transformation SQL_HEX_DECODE = Codecs::sqlHexDecode;

  private Codecs() {}

  static String length(String input) {
    String result = Integer.toString(input.length());
    return result.equals(input) ? input : result;
  }

  static String digest(String algorithm, String input) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide MD5 and SHA-1.
      throw new IllegalStateException(algorithm + " is not available", e);
    }
    byte[] digest = md.digest(Bytes.of(input));
    String result = Bytes.string(digest, digest.length);
    return result.equals(input) ? input : result;
  }

  static String hexEncode(String input) {
    int n = input.length();
    if (n == 0) {
      return input;
    }
    byte[] b = Bytes.of(input);
    byte[] out = new byte[n * 2];
    for (int i = 0; i < n; i++) {
      out[2 * i] = Bytes.LOWER_HEX[(b[i] >> 4) & 0xF];
      out[2 * i + 1] = Bytes.LOWER_HEX[b[i] & 0xF];
    }
    return Bytes.string(out, out.length);
  }

  static String hexDecode(String input) {
    int n = input.length();
    if (n == 0 || n % 2 != 0) {
      return input;
    }
    byte[] out = new byte[n / 2];
    for (int i = 0; i < n; i += 2) {
      int hi = Bytes.hexValue(input.charAt(i));
      int lo = Bytes.hexValue(input.charAt(i + 1));
      if (hi < 0 || lo < 0) {
        return input;
      }
      out[i / 2] = (byte) (hi << 4 | lo);
    }
    return Bytes.string(out, out.length);
  }

  static String urlEncode(String input) {
    int n = input.length();
    int i = 0;
    while (i < n && keptByUrlEncode(input.charAt(i))) {
      i++;
    }
    if (i == n) {
      return input;
    }
    byte[] b = Bytes.of(input);
    byte[] out = new byte[i + (n - i) * 3];
    System.arraycopy(b, 0, out, 0, i);
    int o = i;
    for (; i < n; i++) {
      int c = b[i] & 0xFF;
      if (c == ' ') {
        out[o++] = '+';
      } else if (keptByUrlEncode(c)) {
        out[o++] = (byte) c;
      } else {
        out[o++] = '%';
        out[o++] = Bytes.LOWER_HEX[c >> 4];
        out[o++] = Bytes.LOWER_HEX[c & 0xF];
      }
    }
    return Bytes.string(out, o);
  }

  private static boolean keptByUrlEncode(int c) {
    return c == '*' || Bytes.isAsciiAlnum(c);
  }

  static String sqlHexDecode(String input) {
    int n = input.length();
    int i = 0;
    while (i + 3 < n && !startsHexLiteral(input, i)) {
      i++;
    }
    if (i + 3 >= n) {
      return input;
    }
    byte[] b = Bytes.of(input);
    int o = i;
    while (i < n) {
      if (b[i] == '0'
          && i + 3 < n
          && (b[i + 1] == 'x' || b[i + 1] == 'X')
          && Bytes.isHex(b[i + 2])
          && Bytes.isHex(b[i + 3])) {
        i += 2;
        while (i + 1 < n && Bytes.isHex(b[i]) && Bytes.isHex(b[i + 1])) {
          b[o++] = (byte) (Bytes.hexValue(b[i]) << 4 | Bytes.hexValue(b[i + 1]));
          i += 2;
        }
      } else {
        b[o++] = b[i++];
      }
    }
    return Bytes.string(b, o);
  }

  private static boolean startsHexLiteral(String s, int i) {
    char x = s.charAt(i + 1);
    return s.charAt(i) == '0'
        && (x == 'x' || x == 'X')
        && Bytes.hexValue(s.charAt(i + 2)) >= 0
        && Bytes.hexValue(s.charAt(i + 3)) >= 0;
  }
}
