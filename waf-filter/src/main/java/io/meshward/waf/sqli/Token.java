package io.meshward.waf.sqli;

import java.nio.charset.StandardCharsets;

/**
 * One token. Mutable on purpose: the folder works on a small fixed array of tokens and rewrites them in place, as
 * the algorithm it mirrors does. Instances never outlive one detection call.
 */
final class Token {
  /** Values are cut to this many bytes; every length-dependent rule sees the cut length. */
  static final int MAX_VALUE_LENGTH = 31;

  char type;
  int pos;
  /** The stored (possibly truncated) length of {@link #value}. */
  int len;
  /** The value, or null while it is still only {@link #source}{@code [pos, pos + len)}: most never get read. */
  private String value = "";
  private byte[] source;
  /** For strings: the opening / closing quote, {@code 0} when absent. */
  char strOpen;
  char strClose;
  /** For variables: the number of {@code @} (1 or 2). */
  int count;

  void clear() {
    type = TokenType.NONE;
    pos = 0;
    len = 0;
    value = "";
    source = null;
    strOpen = 0;
    strClose = 0;
    count = 0;
  }

  /**
   * Makes this a fresh token over {@code input[start, start + length)} (cut to {@value #MAX_VALUE_LENGTH} bytes):
   * quotes and count start out absent, the tokenizer sets them after this call for strings and variables. Every
   * field is written, so the tokenizer needs no {@link #clear()} before it.
   */
  void assign(char newType, byte[] input, int start, int length) {
    int cut = Math.min(length, MAX_VALUE_LENGTH);
    type = newType;
    pos = start;
    len = cut;
    value = null;
    source = input;
    strOpen = 0;
    strClose = 0;
    count = 0;
  }

  void assign(char newType, int start, String text) {
    String cut = text.length() > MAX_VALUE_LENGTH ? text.substring(0, MAX_VALUE_LENGTH) : text;
    type = newType;
    pos = start;
    len = cut.length();
    value = cut;
    source = null;
  }

  void copyFrom(Token other) {
    type = other.type;
    pos = other.pos;
    len = other.len;
    value = other.value;
    source = other.source;
    strOpen = other.strOpen;
    strClose = other.strClose;
    count = other.count;
  }

  /** The stored value (at most {@value #MAX_VALUE_LENGTH} bytes, one char per byte). */
  String value() {
    if (value == null) {
      value = new String(source, pos, len, StandardCharsets.ISO_8859_1);
    }
    return value;
  }

  /** Byte {@code i} of the value, read without building it. */
  char charAt(int i) {
    return value != null ? value.charAt(i) : (char) (source[pos + i] & 0xFF);
  }

  /** The value's first byte, or {@code 0} for an empty value (the C string terminator). */
  char firstByte() {
    return len == 0 ? 0 : charAt(0);
  }

  boolean valueIs(String upperCase) {
    if (len != upperCase.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      char c = charAt(i);
      if ((c >= 'a' && c <= 'z' ? (char) (c - 0x20) : c) != upperCase.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** {@code + - ! ~}, {@code !!} and an operator {@code NOT}: the operators the folder may drop as unary. */
  boolean isUnaryOperator() {
    if (type != TokenType.OPERATOR) {
      return false;
    }
    switch (len) {
      case 1: {
        char c = charAt(0);
        return c == '+' || c == '-' || c == '!' || c == '~';
      }
      case 2:
        return charAt(0) == '!' && charAt(1) == '!';
      case 3:
        return valueIs("NOT");
      default:
        return false;
    }
  }

  boolean isArithmeticOperator() {
    if (type != TokenType.OPERATOR || len != 1) {
      return false;
    }
    char c = charAt(0);
    return c == '*' || c == '/' || c == '-' || c == '+' || c == '%';
  }

  /** Whether the value holds {@code c} (a byte value), read in place. */
  boolean valueContains(char c) {
    for (int i = 0; i < len; i++) {
      if (charAt(i) == c) {
        return true;
      }
    }
    return false;
  }

  /** The test-file form: {@code <type> <value>}, strings with their quotes, variables with their {@code @}s. */
  String print() {
    StringBuilder out = new StringBuilder().append(type).append(' ');
    if (type == TokenType.VARIABLE) {
      out.append("@".repeat(Math.max(0, Math.min(count, 2))));
    }
    if (type == TokenType.STRING || type == TokenType.VARIABLE) {
      if (strOpen != 0) {
        out.append(strOpen);
      }
      out.append(value());
      if (strClose != 0) {
        out.append(strClose);
      }
    } else {
      out.append(value());
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return print();
  }
}
