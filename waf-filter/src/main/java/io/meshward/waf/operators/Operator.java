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
}
