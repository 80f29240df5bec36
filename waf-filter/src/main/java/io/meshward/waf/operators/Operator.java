package io.meshward.waf.operators;

/**
 * A compiled SecLang operator ({@code @rx}, {@code @pm}, {@code @eq}, ...) with its argument. Thread-safe and
 * immutable: one instance serves every transaction. Negation ({@code !@}) is applied by the caller.
 */
@FunctionalInterface
public interface Operator {
  /**
   * Whether {@code input} (a byte string, one char per byte, already transformed) matches.
   *
   * <p>Operators that capture ({@code @rx}, {@code @pm}, ...) report captures through the context when it asks for
   * them. No operator may take unbounded time: see {@code io.meshward.waf.regex}.
   */
  boolean matches(OperatorContext context, String input);

  /**
   * A pattern the operator never matches without: when the pattern cannot match an input, neither can the operator,
   * and evaluating it would have no effect at all. Null when there is none. The engine uses it to rule out many
   * rules with one scan of a value ({@link io.meshward.waf.regex.PatternUnion}).
   */
  default io.meshward.waf.regex.SafeRegex requiredPattern() {
    return null;
  }

  /**
   * For an operator with no {@link #requiredPattern()}: bytes one of which every input it matches holds (bit
   * {@code b & 63} of word {@code b >>> 6} for byte {@code b}; a char above 0xFF counts as holding them all), or null
   * when there are none to name. An input holding none of them cannot match, so the engine rules the rule out for a
   * value without running the operator, and without transforming a value that holds nothing its transformations could
   * turn into one of them. A new array each call.
   */
  default long[] requiredBytes() {
    return null;
  }
}
