package io.meshward.waf.operators;

import io.meshward.waf.regex.AhoCorasick;
import io.meshward.waf.regex.RegexSyntaxException;
import io.meshward.waf.regex.SafeRegex;
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
  private final SafeRegex required;

  PhraseMatch(String name, List<String> phrases) {
    this.name = name;
    this.automaton = AhoCorasick.of(phrases);
    this.required = caselessAlternation(phrases);
  }

  /**
   * The phrases as one caseless regex, so that screens can rule {@code @pm} rules out together with the {@code @rx}
   * rules that read the same values. PCRE's caseless matching without UTF folds ASCII letters only, as this operator
   * does. Null when there is no such regex: an empty phrase (which every input contains) or a char that is not a
   * byte.
   */
  private static SafeRegex caselessAlternation(List<String> phrases) {
    if (phrases.isEmpty()) {
      return null;
    }
    StringBuilder pattern = new StringBuilder("(?i)(?:");
    for (int i = 0; i < phrases.size(); i++) {
      String phrase = phrases.get(i);
      if (phrase.isEmpty()) {
        return null;
      }
      if (i > 0) {
        pattern.append('|');
      }
      for (int j = 0; j < phrase.length(); j++) {
        char c = phrase.charAt(j);
        if (c > 0xFF) {
          return null;
        }
        pattern.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
      }
    }
    pattern.append(')');
    try {
      return SafeRegex.compile(pattern.toString());
    } catch (RegexSyntaxException e) {
      return null;
    }
  }

  @Override
  public SafeRegex requiredPattern() {
    return required;
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
