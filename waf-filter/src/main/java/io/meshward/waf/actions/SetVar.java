package io.meshward.waf.actions;

import io.meshward.waf.macros.MacroString;
import io.meshward.waf.variables.Keys;
import io.meshward.waf.variables.Variable;

/**
 * {@code setvar:tx.score=+5}, {@code setvar:!tx.flag}, {@code setvar:tx.name=value}.
 *
 * @param collection the collection, upper case ("TX", "IP", ...)
 * @param name the variable's name; may hold macros
 * @param operation what to do
 * @param value the operand, expanded per match; empty for DELETE
 * @param variable the collection's variable, or null when it is none that rules can write
 * @param constantLowerName the name in lower case when it has no macros, else null
 */
public record SetVar(String collection, MacroString name, Operation operation, MacroString value, Variable variable,
                     String constantLowerName) implements PerMatchAction {
  public enum Operation { SET, ADD, SUBTRACT, DELETE }

  /**
   * Resolves what does not change per match once, at load time: the collection's variable (null when it is not a
   * collection rules can write, and then the action does nothing) and the lower-case name when it has no macros,
   * interned as the rules' keys are, so that the lookups of a TX key find it by identity rather than by comparing.
   */
  public SetVar(String collection, MacroString name, Operation operation, MacroString value) {
    this(collection, name, operation, value,
        Variable.byName(collection).filter(v -> v.kind() == Variable.Kind.COLLECTION).orElse(null),
        name.isConstant() ? Keys.lower(name.text()).intern() : null);
  }
}
