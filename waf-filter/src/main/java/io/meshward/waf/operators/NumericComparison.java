package io.meshward.waf.operators;

import io.meshward.waf.macros.MacroString;

/**
 * {@code @eq}, {@code @ge}, {@code @gt}, {@code @le}, {@code @lt}: compares the input with the argument (macros
 * expanded on every evaluation), both read as integers the way Coraza reads them ({@link #parse}).
 */
final class NumericComparison implements Operator {
  enum Kind {
    EQ,
    GE,
    GT,
    LE,
    LT
  }

  private final Kind kind;
  private final MacroString argument;
  private final long constant;

  NumericComparison(Kind kind, MacroString argument) {
    this.kind = kind;
    this.argument = argument;
    this.constant = argument.isConstant() ? parse(argument.text()) : 0;
  }

  @Override
  public boolean matches(OperatorContext context, String input) {
    long expected = argument.isConstant() ? constant : parse(argument.expand(context));
    long actual = parse(input);
    return switch (kind) {
      case EQ -> actual == expected;
      case GE -> actual >= expected;
      case GT -> actual > expected;
      case LE -> actual <= expected;
      case LT -> actual < expected;
    };
  }

  /**
   * Go's {@code strconv.Atoi} as Coraza uses it (errors ignored): an optional sign and decimal digits, nothing else
   * (no spaces, no trailing text), else 0; a value beyond 64 bits is clamped to the nearest bound.
   */
  static long parse(String text) {
    int n = text.length();
    if (n == 0) {
      return 0;
    }
    int i = 0;
    boolean negative = false;
    char first = text.charAt(0);
    if (first == '+' || first == '-') {
      negative = first == '-';
      i = 1;
      if (n == 1) {
        return 0;
      }
    }
    // Accumulate the magnitude as an unsigned value; stop at the first overflow as Go does.
    long magnitude = 0;
    long limit = negative ? Long.MIN_VALUE : Long.MAX_VALUE; // as unsigned: 2^63 or 2^63-1
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      int digit = c - '0';
      if (Long.compareUnsigned(magnitude, Long.divideUnsigned(limit - digit, 10)) > 0) {
        return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
      magnitude = magnitude * 10 + digit;
    }
    return negative ? -magnitude : magnitude;
  }

  @Override
  public String toString() {
    return "@" + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + argument.text();
  }
}
