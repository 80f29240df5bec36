package io.meshward.waf.transformations;

/**
 * {@code urlDecode} and {@code urlDecodeUni}: {@code %HH} becomes the byte HH and {@code +} a space. A {@code %} not
 * followed by two hex digits is kept as it is (and the characters after it are decoded normally: {@code %%41} is
 * {@code %A}).
 *
 * <p>{@code urlDecodeUni} also decodes the IIS form {@code %uHHHH} ({@code u} in either case) to a single byte: the
 * ASCII character the code point resembles by the US-ASCII best-fit table ({@link UnicodeBestFit}: {@code %u201c} is
 * {@code "}, {@code %u00e9} is {@code e}, {@code %uff1c} is {@code <}), otherwise the low byte of the code point
 * ({@code %u1141} is {@code A}); a full-width form {@code %uff01}-{@code %uff5e} missing from the table still becomes
 * the ASCII character 0x20 above its low byte. A {@code %u} without four hex digits is kept, and decoding resumes after
 * the {@code u}. The best-fit step is Coraza's (and ModSecurity's with {@code SecUnicodeMapFile ... 20127}); without a
 * map file ModSecurity uses only the low byte.
 */
final class UrlDecode implements Transformation {
  static final UrlDecode PLAIN = new UrlDecode(false);
  static final UrlDecode UNI = new UrlDecode(true);

  private final boolean uni;

  private UrlDecode(boolean uni) {
    this.uni = uni;
  }

  @Override
  public String apply(String input) {
    int n = input.length();
    int i = 0;
    while (i < n) {
      char c = input.charAt(i);
      if (c == '%' || c == '+') {
        break;
      }
      i++;
    }
    if (i == n) {
      return input;
    }
    byte[] b = Bytes.of(input);
    int o = i;
    boolean changed = false;
    // In place: the write position never passes the read position.
    while (i < n) {
      byte c = b[i];
      if (c == '+') {
        b[o++] = ' ';
        i++;
        changed = true;
      } else if (c != '%') {
        b[o++] = c;
        i++;
      } else if (uni && i + 1 < n && (b[i + 1] == 'u' || b[i + 1] == 'U')) {
        int h2;
        int h3;
        int h4;
        int h5;
        if (i + 5 < n
            && (h2 = Bytes.hexValue(b[i + 2])) >= 0
            && (h3 = Bytes.hexValue(b[i + 3])) >= 0
            && (h4 = Bytes.hexValue(b[i + 4])) >= 0
            && (h5 = Bytes.hexValue(b[i + 5])) >= 0) {
          int mapped = UnicodeBestFit.map(h2 << 12 | h3 << 8 | h4 << 4 | h5);
          if (mapped < 0) {
            mapped = h4 << 4 | h5;
            if (mapped > 0 && mapped < 0x5F && h2 == 15 && h3 == 15) {
              mapped += 0x20;
            }
          }
          b[o++] = (byte) mapped;
          i += 6;
          changed = true;
        } else {
          byte u = b[i + 1];
          b[o++] = '%';
          b[o++] = u;
          i += 2;
        }
      } else {
        int h1;
        int h2;
        if (i + 2 < n && (h1 = Bytes.hexValue(b[i + 1])) >= 0 && (h2 = Bytes.hexValue(b[i + 2])) >= 0) {
          b[o++] = (byte) (h1 << 4 | h2);
          i += 3;
          changed = true;
        } else {
          b[o++] = '%';
          i++;
        }
      }
    }
    return changed ? Bytes.string(b, o) : input;
  }
}
