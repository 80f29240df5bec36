package io.meshward.waf.operators;

/**
 * {@code @validateByteRange 9,10,13,32-126}: matches when the input holds a byte outside the listed values and
 * ranges (comma-separated, each a value 0-255 or a range {@code low-high}). An empty input never matches. As in
 * Coraza, an empty argument makes an operator that always matches.
 */
final class ValidateByteRange implements Operator {
  private final boolean[] allowed;
  private final String argument;

  private ValidateByteRange(boolean[] allowed, String argument) {
    this.allowed = allowed;
    this.argument = argument;
  }

  static Operator parse(String argument) throws OperatorException {
    if (argument.isEmpty()) {
      return UnconditionalOperators.UNCONDITIONAL_MATCH;
    }
    boolean[] allowed = new boolean[256];
    for (String item : argument.split(",", -1)) {
      String range = item.strip();
      int dash = range.indexOf('-');
      int low = parseByte(dash < 0 ? range : range.substring(0, dash), argument);
      int high = dash < 0 ? low : parseByte(range.substring(dash + 1), argument);
      for (int b = low; b <= high; b++) {
        allowed[b] = true;
      }
    }
    return new ValidateByteRange(allowed, argument);
  }

  private static int parseByte(String text, String argument) throws OperatorException {
    long value;
    if (!text.matches("[+-]?[0-9]{1,9}")) {
      throw new OperatorException("@validateByteRange: invalid byte value \"" + text + "\" in \"" + argument + "\"");
    }
    value = Long.parseLong(text);
    if (value < 0 || value > 255) {
      throw new OperatorException("@validateByteRange: byte value " + value + " out of 0-255 in \"" + argument + "\"");
    }
    return (int) value;
  }

  @Override
  public boolean matches(OperatorContext context, String input) {
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c > 0xFF || !allowed[c]) {
        return true;
      }
    }
    return false;
  }

  /** The bytes outside the ranges: an input matches only by holding one. Null when the ranges allow every byte. */
  @Override
  public long[] requiredBytes() {
    long[] outside = new long[4];
    boolean any = false;
    for (int b = 0; b < 256; b++) {
      if (!allowed[b]) {
        outside[b >>> 6] |= 1L << (b & 63);
        any = true;
      }
    }
    return any ? outside : null;
  }

  @Override
  public String toString() {
    return "@validateByteRange " + argument;
  }
}
