package io.meshward.waf.operators;

/** {@code @unconditionalMatch} and {@code @noMatch}. */
final class UnconditionalOperators {
  private UnconditionalOperators() {}

  static final Operator UNCONDITIONAL_MATCH = new Operator() {
    @Override
    public boolean matches(OperatorContext context, String input) {
      return true;
    }

    @Override
    public String toString() {
      return "@unconditionalMatch";
    }
  };

  static final Operator NO_MATCH = new Operator() {
    @Override
    public boolean matches(OperatorContext context, String input) {
      return false;
    }

    @Override
    public String toString() {
      return "@noMatch";
    }
  };
}
