package io.meshward.waf;

/**
 * One value that made a rule match.
 *
 * @param variable the variable as the rule named it ("ARGS", "REQUEST_HEADERS")
 * @param key the key within the collection, or empty
 * @param value the value after the rule's transformations
 * @param message the rule's msg expanded at this match, or empty
 * @param data the rule's logdata expanded at this match, or empty
 * @param chainLevel 0 for the parent rule, 1.. for the rules of its chain
 */
public record MatchedData(String variable, String key, String value, String message, String data, int chainLevel) {
  /** "ARGS:id", or just the variable when there is no key. */
  public String name() {
    return key.isEmpty() ? variable : variable + ":" + key;
  }
}
