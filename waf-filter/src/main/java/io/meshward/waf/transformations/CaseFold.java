package io.meshward.waf.transformations;

/**
 * {@code lowercase} and {@code uppercase}.
 *
 * <p>{@code lowercase} changes only ASCII {@code A-Z}; every other byte, including 0x80-0xFF, is kept (Coraza and
 * ModSecurity agree).
 *
 * <p>{@code uppercase} follows Coraza, which uses Go's {@code strings.ToUpper}: an all-ASCII value has {@code a-z}
 * uppercased; a value with any byte 0x80-0xFF is read as UTF-8 and every code point is uppercased (simple case
 * mapping, {@code é} to {@code É}), and then every byte that is not part of a valid UTF-8 sequence becomes U+FFFD
 * (EF BF BD). ModSecurity uppercases ASCII only; no CRS rule uses {@code uppercase}.
 */
final class CaseFold implements Transformation {
  static final CaseFold LOWER = new CaseFold(false);
  static final CaseFold UPPER = new CaseFold(true);

  private final boolean upper;

  private CaseFold(boolean upper) {
    this.upper = upper;
  }

  @Override
  public String apply(String input) {
    return upper ? upper(input) : lower(input);
  }

  private static String lower(String input) {
    int n = input.length();
    int i = 0;
    while (i < n) {
      char c = input.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        break;
      }
      i++;
    }
    if (i == n) {
      return input;
    }
    byte[] b = Bytes.of(input);
    for (; i < n; i++) {
      byte c = b[i];
      if (c >= 'A' && c <= 'Z') {
        b[i] = (byte) (c + ('a' - 'A'));
      }
    }
    return Bytes.string(b, n);
  }

  private static String upper(String input) {
    int n = input.length();
    boolean ascii = true;
    boolean hasLower = false;
    for (int i = 0; i < n; i++) {
      char c = input.charAt(i);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      hasLower |= c >= 'a' && c <= 'z';
    }
    if (ascii) {
      if (!hasLower) {
        return input;
      }
      byte[] b = Bytes.of(input);
      for (int i = 0; i < n; i++) {
        byte c = b[i];
        if (c >= 'a' && c <= 'z') {
          b[i] = (byte) (c - ('a' - 'A'));
        }
      }
      return Bytes.string(b, n);
    }
    byte[] b = Bytes.of(input);
    ByteBuf out = new ByteBuf(n + 16);
    boolean changed = false;
    int i = 0;
    while (i < n) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        if (c >= 'a' && c <= 'z') {
          c -= 'a' - 'A';
          changed = true;
        }
        out.add(c);
        i++;
        continue;
      }
      int decoded = Bytes.decodeUtf8(b, i, n);
      int width = decoded & 7;
      int cp = decoded >>> 3;
      if (decoded == Bytes.INVALID_UTF8) {
        out.addUtf8(0xFFFD);
        changed = true;
      } else {
        int up = Character.toUpperCase(cp);
        if (up != cp) {
          changed = true;
        }
        out.addUtf8(up);
      }
      i += width;
    }
    return changed ? out.toString() : input;
  }
}
