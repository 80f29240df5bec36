package io.meshward.waf.transformations;

import java.nio.charset.StandardCharsets;

/**
 * {@code htmlEntityDecode}: HTML character references, decoded to UTF-8, with the rules of Go's
 * {@code html.UnescapeString}, which Coraza uses.
 *
 * <ul>
 *   <li>Numeric: {@code &#DDD} and {@code &#xHHH} / {@code &#XHHH}, the semicolon optional, any number of digits (the
 *       value wraps around at 32 bits). 0x80-0x9F are read as Windows-1252 ({@code &#150;} is an en dash); zero,
 *       surrogates and values above U+10FFFF become U+FFFD. The value is written as UTF-8 ({@code &#233;} is C3 A9).
 *       Nothing is decoded when no digit follows ({@code &#x;} is an exception: U+FFFD), when the input ends after
 *       {@code &#} plus one character, or when a single decimal digit is followed by something other than a digit or
 *       {@code ;} ({@code &#1a} stays as it is).
 *   <li>Named: the 2,231 names of the HTML standard, case-sensitive, as UTF-8. The longest run of ASCII letters and
 *       digits after {@code &} (with a following {@code ;}) is looked up; if it is not a name, the longest prefix of
 *       at most six characters that is one of the legacy names usable without semicolon ({@code amp}, {@code lt},
 *       {@code nbsp}, {@code eacute}, ...) is decoded and the rest kept ({@code &ltfoo} is {@code <foo}).
 * </ul>
 *
 * <p>ModSecurity differs: it knows only {@code quot amp lt gt nbsp} and writes one byte per reference (the low byte of
 * a numeric value; {@code &nbsp;} as 0xA0). We follow Coraza.
 */
final class HtmlEntityDecode implements Transformation {
  static final HtmlEntityDecode INSTANCE = new HtmlEntityDecode();

  /** Windows-1252 for references to 0x80-0x9F, as the HTML standard prescribes. */
  private static final int[] WINDOWS_1252 = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
  };

  /** Names usable without a semicolon are at most this long. */
  private static final int LONGEST_LEGACY_NAME = 6;

  private HtmlEntityDecode() {}

  @Override
  public String apply(String input) {
    int i = input.indexOf('&');
    if (i < 0) {
      return input;
    }
    int n = input.length();
    byte[] b = Bytes.of(input);
    ByteBuf out = ByteBuf.withPrefix(b, i, n + 16);
    while (i < n) {
      if (b[i] != '&') {
        int start = i;
        while (i < n && b[i] != '&') {
          i++;
        }
        out.add(b, start, i);
      } else {
        i = reference(b, i, n, out);
      }
    }
    return out.contentEquals(b, n) ? input : out.toString();
  }

  /** Decodes the reference at {@code b[at] == '&'} (or copies it) and returns where to continue. */
  private static int reference(byte[] b, int at, int n, ByteBuf out) {
    int rem = n - at;
    if (rem <= 1) {
      out.add('&');
      return at + 1;
    }
    if (b[at + 1] == '#') {
      return numeric(b, at, n, out);
    }
    int k = 1;
    while (at + k < n) {
      byte c = b[at + k];
      k++;
      if (Bytes.isAsciiAlnum(c)) {
        continue;
      }
      if (c != ';') {
        k--;
      }
      break;
    }
    int nameLen = k - 1;
    if (nameLen > 0) {
      byte[] value = HtmlEntities.lookup(b, at + 1, at + k);
      if (value != null) {
        out.add(value, 0, value.length);
        return at + k;
      }
      for (int j = Math.min(nameLen - 1, LONGEST_LEGACY_NAME); j > 1; j--) {
        value = HtmlEntities.lookup(b, at + 1, at + 1 + j);
        if (value != null) {
          out.add(value, 0, value.length);
          return at + 1 + j;
        }
      }
    }
    out.add(b, at, at + k);
    return at + k;
  }

  private static int numeric(byte[] b, int at, int n, ByteBuf out) {
    if (n - at <= 3) {
      out.add('&');
      return at + 1;
    }
    int k = 2;
    boolean hex = false;
    byte c = b[at + k];
    if (c == 'x' || c == 'X') {
      hex = true;
      k++;
    }
    int x = 0;
    while (at + k < n) {
      c = b[at + k];
      k++;
      if (hex) {
        int h = Bytes.hexValue(c);
        if (h >= 0) {
          x = 16 * x + h;
          continue;
        }
      } else if (c >= '0' && c <= '9') {
        x = 10 * x + (c - '0');
        continue;
      }
      if (c != ';') {
        k--;
      }
      break;
    }
    if (k <= 3) {
      out.add('&');
      return at + 1;
    }
    if (x >= 0x80 && x <= 0x9F) {
      x = WINDOWS_1252[x - 0x80];
    } else if (x <= 0 || (x >= 0xD800 && x <= 0xDFFF) || x > 0x10FFFF) {
      x = 0xFFFD;
    }
    out.addUtf8(x);
    return at + k;
  }

  /** The names, in a hash table keyed by byte ranges so that lookups allocate nothing. */
  static final class HtmlEntities {
    private static final int LONGEST_NAME;
    private static final int MASK;
    private static final byte[][] NAMES;
    private static final byte[][] VALUES;

    static {
      int size = Integer.highestOneBit(HtmlEntityData.COUNT * 4);
      byte[][] names = new byte[size][];
      byte[][] values = new byte[size][];
      int longest = 0;
      int count = 0;
      for (String chunk : HtmlEntityData.chunks()) {
        for (String entry : chunk.trim().split(" ")) {
          int eq = entry.indexOf('=');
          byte[] name = entry.substring(0, eq).getBytes(StandardCharsets.US_ASCII);
          String[] cps = entry.substring(eq + 1).split(",");
          byte[] value = new byte[4 * cps.length];
          int len = 0;
          for (String cp : cps) {
            len = Bytes.putUtf8(value, len, Integer.parseInt(cp, 16));
          }
          int slot = hash(name, 0, name.length) & (size - 1);
          while (names[slot] != null) {
            slot = (slot + 1) & (size - 1);
          }
          names[slot] = name;
          values[slot] = java.util.Arrays.copyOf(value, len);
          longest = Math.max(longest, name.length);
          count++;
        }
      }
      if (count != HtmlEntityData.COUNT) {
        throw new IllegalStateException("HTML entity table holds " + count + " names, expected " + HtmlEntityData.COUNT);
      }
      LONGEST_NAME = longest;
      MASK = size - 1;
      NAMES = names;
      VALUES = values;
    }

    private HtmlEntities() {}

    /** The UTF-8 value of the name {@code b[from..to)}, or null. */
    static byte[] lookup(byte[] b, int from, int to) {
      int len = to - from;
      if (len > LONGEST_NAME) {
        return null;
      }
      int slot = hash(b, from, to) & MASK;
      byte[] name;
      while ((name = NAMES[slot]) != null) {
        if (name.length == len && java.util.Arrays.equals(name, 0, len, b, from, to)) {
          return VALUES[slot];
        }
        slot = (slot + 1) & MASK;
      }
      return null;
    }

    private static int hash(byte[] b, int from, int to) {
      int h = 0;
      for (int i = from; i < to; i++) {
        h = 31 * h + b[i];
      }
      return h ^ (h >>> 16);
    }
  }
}
