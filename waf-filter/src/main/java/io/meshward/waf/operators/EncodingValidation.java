package io.meshward.waf.operators;

/**
 * {@code @validateUrlEncoding} and {@code @validateUtf8Encoding}: both match (return true) when the input is
 * INVALID, as in ModSecurity and Coraza.
 */
final class EncodingValidation {
  private EncodingValidation() {}

  /**
   * Matches when a {@code %} is not followed by two hexadecimal digits (including a {@code %} too close to the end).
   * An empty input is valid.
   */
  static final Operator URL_ENCODING = new Operator() {
    @Override
    public boolean matches(OperatorContext context, String input) {
      return !isValidUrlEncoding(input);
    }

    @Override
    public String toString() {
      return "@validateUrlEncoding";
    }
  };

  /**
   * Matches when the input is not well-formed UTF-8 (Go's {@code utf8.ValidString}, as Coraza uses it): overlong
   * forms, surrogates (U+D800-U+DFFF), values above U+10FFFF, stray continuation bytes and truncated sequences are
   * invalid.
   */
  static final Operator UTF8_ENCODING = new Operator() {
    @Override
    public boolean matches(OperatorContext context, String input) {
      return !isValidUtf8(input);
    }

    @Override
    public String toString() {
      return "@validateUtf8Encoding";
    }
  };

  static boolean isValidUrlEncoding(String input) {
    int n = input.length();
    int i = 0;
    while (i < n) {
      if (input.charAt(i) == '%') {
        if (i + 2 >= n) {
          return false; // not enough characters at the end
        }
        if (!isHex(input.charAt(i + 1)) || !isHex(input.charAt(i + 2))) {
          return false;
        }
        i += 3;
      } else {
        i++;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static boolean isValidUtf8(String input) {
    int n = input.length();
    int i = 0;
    while (i < n) {
      int b0 = input.charAt(i);
      if (b0 < 0x80) {
        i++;
        continue;
      }
      int length;
      int low = 0x80;
      int high = 0xBF;
      if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
      } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        if (b0 == 0xE0) {
          low = 0xA0; // overlong
        } else if (b0 == 0xED) {
          high = 0x9F; // surrogates
        }
      } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        if (b0 == 0xF0) {
          low = 0x90; // overlong
        } else if (b0 == 0xF4) {
          high = 0x8F; // above U+10FFFF
        }
      } else {
        return false; // continuation byte, C0/C1 (overlong) or F5-FF
      }
      if (i + length > n) {
        return false;
      }
      int b1 = input.charAt(i + 1);
      if (b1 < low || b1 > high) {
        return false;
      }
      for (int k = 2; k < length; k++) {
        int b = input.charAt(i + k);
        if (b < 0x80 || b > 0xBF) {
          return false;
        }
      }
      i += length;
    }
    return true;
  }
}
