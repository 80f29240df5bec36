package io.meshward.waf.operators;

import io.meshward.waf.macros.MacroString;

/**
 * {@code @containsWord} (ModSecurity's; Coraza has none): the argument occurs in the input as a whole word, where
 * word characters are the ASCII letters only (a digit or punctuation next to it is a boundary, as in ModSecurity).
 * An empty argument matches every input; an empty input matches only an empty argument.
 */
final class ContainsWord implements Operator {
  private final MacroString argument;

  ContainsWord(MacroString argument) {
    this.argument = argument;
  }

  @Override
  public boolean matches(OperatorContext context, String input) {
    String word = argument.expand(context);
    if (word.isEmpty()) {
      return true;
    }
    if (input.isEmpty()) {
      return false;
    }
    for (int at = input.indexOf(word); at >= 0; at = input.indexOf(word, at + 1)) {
      int end = at + word.length();
      boolean startOk = at == 0 || !isLetter(input.charAt(at - 1));
      boolean endOk = end == input.length() || !isLetter(input.charAt(end));
      if (startOk && endOk) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  @Override
  public String toString() {
    return "@containsWord " + argument.text();
  }
}
