package io.meshward.waf.bodyprocessors;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code application/x-www-form-urlencoded} parsing, for ARGS_POST and for the query string (ARGS_GET).
 *
 * <p>The input is split on the separator ({@code &}); empty pieces are skipped (Coraza; {@code a=1&&b=2} has two
 * arguments). Each piece splits at its first {@code =} into name and value; without {@code =} the whole piece is the
 * name and the value is empty ({@code =x} has an empty name). Name and value are then url-decoded the way both
 * reference engines do it ({@code urldecode_nonstrict}): {@code +} is a space, {@code %XX} (either case of hex) is
 * that byte, {@code %00} included, and a {@code %} not followed by two hex digits stays as it is and sets the
 * invalid-encoding flag (URLENCODED_ERROR). {@code %uXXXX} is not decoded here (that is {@code t:urlDecodeUni}).
 * Repeated names are all kept, in order.
 */
public final class UrlEncodedParser {
  private UrlEncodedParser() {}

  /**
   * Parses a byte string (a query string without its {@code ?}, or a body decoded as ISO-8859-1).
   *
   * @param input the text to parse
   * @param separator the argument separator (SecArgumentSeparator), normally {@code &}
   * @param maxArgs arguments allowed in all, counting {@code argsAlreadyPresent}
   * @param argsAlreadyPresent arguments counted before this input (ARGS_GET when parsing a body)
   */
  public static ParsedArgs parse(CharSequence input, char separator, int maxArgs, int argsAlreadyPresent) {
    Budget budget = new Budget(maxArgs, argsAlreadyPresent, Long.MAX_VALUE);
    List<NamedValue> out = new ArrayList<>();
    boolean invalid = parseInto(input, separator, budget, out);
    return new ParsedArgs(out, invalid, budget.argsExceeded());
  }

  /** Parses with separator {@code &} and no arguments counted before. */
  public static ParsedArgs parse(CharSequence input, int maxArgs) {
    return parse(input, '&', maxArgs, 0);
  }

  /** The body processor: returns whether some {@code %} was invalid; stops when the budget says no. */
  static boolean parseInto(CharSequence s, char separator, Budget budget, List<NamedValue> out) {
    boolean[] invalid = new boolean[1];
    int n = s.length();
    int start = 0;
    while (start <= n) {
      int end = indexOf(s, separator, start, n);
      if (end < 0) {
        end = n;
      }
      if (end > start) {
        int eq = indexOf(s, '=', start, end);
        String name;
        String value;
        if (eq < 0) {
          name = decode(s, start, end, invalid);
          value = "";
        } else {
          name = decode(s, start, eq, invalid);
          value = decode(s, eq + 1, end, invalid);
        }
        if (!budget.takeArg(name.length() + value.length())) {
          break;
        }
        out.add(new NamedValue(name, value));
      }
      start = end + 1;
    }
    return invalid[0];
  }

  private static int indexOf(CharSequence s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Url-decodes {@code s[from, to)} non-strictly; sets {@code invalid[0]} when a {@code %} is not followed by two hex
   * digits.
   */
  static String decode(CharSequence s, int from, int to, boolean[] invalid) {
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c == '%' || c == '+') {
        break;
      }
      i++;
    }
    if (i == to) {
      return s.subSequence(from, to).toString();
    }
    StringBuilder sb = new StringBuilder(to - from);
    sb.append(s, from, i);
    while (i < to) {
      char c = s.charAt(i);
      if (c == '+') {
        sb.append(' ');
        i++;
      } else if (c == '%') {
        int hi = i + 2 < to ? hex(s.charAt(i + 1)) : -1;
        int lo = hi >= 0 ? hex(s.charAt(i + 2)) : -1;
        if (lo >= 0) {
          sb.append((char) ((hi << 4) | lo));
          i += 3;
        } else {
          invalid[0] = true;
          sb.append('%');
          i++;
        }
      } else {
        sb.append(c);
        i++;
      }
    }
    return sb.toString();
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** A byte array viewed as a byte string without copying it. */
  static final class Latin1View implements CharSequence {
    private final byte[] b;
    private final int off;
    private final int len;

    Latin1View(byte[] b, int off, int len) {
      this.b = b;
      this.off = off;
      this.len = len;
    }

    @Override
    public int length() {
      return len;
    }

    @Override
    public char charAt(int index) {
      return (char) (b[off + index] & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Latin1View(b, off + start, end - start);
    }

    @Override
    public String toString() {
      return ByteStrings.latin1(b, off, off + len);
    }
  }
}
