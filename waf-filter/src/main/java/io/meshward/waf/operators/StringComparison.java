package io.meshward.waf.operators;

import io.meshward.waf.macros.MacroString;

/**
 * The operators that compare the input with a string argument (macros expanded on every evaluation), byte for byte
 * and case-sensitively, as Coraza does:
 *
 * <ul>
 *   <li>{@code @streq}: the input equals the argument;
 *   <li>{@code @contains}, {@code @strmatch}: the argument occurs in the input;
 *   <li>{@code @beginsWith}, {@code @endsWith}: the input starts / ends with the argument;
 *   <li>{@code @within}: the input occurs in the argument ({@code "GET"} is within {@code "GET HEAD POST"}; so is
 *       {@code "ET H"}, and so is the empty input).
 * </ul>
 *
 * An empty argument is contained in, begins and ends every input.
 */
final class StringComparison implements Operator {
  enum Kind {
    STREQ("streq"),
    CONTAINS("contains"),
    STRMATCH("strmatch"),
    BEGINS_WITH("beginsWith"),
    ENDS_WITH("endsWith"),
    WITHIN("within");

    final String operatorName;

    Kind(String operatorName) {
      this.operatorName = operatorName;
    }
  }

  private final Kind kind;
  private final MacroString argument;

  StringComparison(Kind kind, MacroString argument) {
    this.kind = kind;
    this.argument = argument;
  }

  @Override
  public boolean matches(OperatorContext context, String input) {
    String data = argument.expand(context);
    return switch (kind) {
      case STREQ -> input.equals(data);
      case CONTAINS, STRMATCH -> input.contains(data);
      case BEGINS_WITH -> input.startsWith(data);
      case ENDS_WITH -> input.endsWith(data);
      case WITHIN -> data.contains(input);
    };
  }

  @Override
  public String toString() {
    return "@" + kind.operatorName + " " + argument.text();
  }
}
