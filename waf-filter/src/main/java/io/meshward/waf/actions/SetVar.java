package io.meshward.waf.actions;

import io.meshward.waf.macros.MacroString;

/**
 * {@code setvar:tx.score=+5}, {@code setvar:!tx.flag}, {@code setvar:tx.name=value}.
 *
 * @param collection the collection, upper case ("TX", "IP", ...)
 * @param name the variable's name; may hold macros
 * @param operation what to do
 * @param value the operand, expanded per match; empty for DELETE
 */
public record SetVar(String collection, MacroString name, Operation operation, MacroString value)
    implements PerMatchAction {
  public enum Operation { SET, ADD, SUBTRACT, DELETE }
}
