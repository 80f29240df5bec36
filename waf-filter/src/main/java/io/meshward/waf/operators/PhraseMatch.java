package io.meshward.waf.operators;

import io.meshward.waf.regex.AhoCorasick;
import java.util.List;

/**
 * {@code @pm} and {@code @pmFromFile}: whether any of a set of phrases occurs in the input, ignoring ASCII case
 * (bytes 0x80-0xFF match only themselves), with an Aho-Corasick automaton built once.
 *
 * <p>With {@code capture}, as Coraza does, the non-overlapping matches, leftmost first and longest at the same
 * offset, go to TX.0, TX.1, ... (at most ten), each as it appears in the input.
 */
final class PhraseMatch implements Operator {
  private static final int MAX_CAPTURES = 10;

  private final String name;
  private final AhoCorasick automaton;

  PhraseMatch(String name, List<String> phrases) {
    this.name = name;
    this.automaton = AhoCorasick.of(phrases);
  }

  @Override
  public boolean matches(OperatorContext context, String input) {
    if (!context.capturing()) {
      return automaton.containsAny(input);
    }
    List<int[]> found = automaton.leftmostLongest(input, MAX_CAPTURES);
    for (int i = 0; i < found.size(); i++) {
      int[] span = found.get(i);
      context.capture(i, input.substring(span[0], span[1]));
    }
    return !found.isEmpty();
  }

  int phraseCount() {
    return automaton.phraseCount();
  }

  @Override
  public String toString() {
    return "@" + name + " (" + automaton.phraseCount() + " phrases)";
  }
}
