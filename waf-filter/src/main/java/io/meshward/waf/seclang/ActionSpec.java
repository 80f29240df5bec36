package io.meshward.waf.seclang;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One action of a rule's action list, as written: {@code name} or {@code name:value}. Values lose their outer single
 * quotes and surrounding whitespace; nothing else is unescaped.
 */
public record ActionSpec(String name, String value) {

  public boolean hasValue() {
    return value != null;
  }

  /**
   * Splits an action list on the commas that are neither inside single quotes nor escaped with a backslash.
   *
   * @throws IllegalArgumentException naming the problem (an empty action, an unclosed quote)
   */
  public static List<ActionSpec> parseList(String actions) {
    List<ActionSpec> result = new ArrayList<>();
    if (actions == null || actions.isBlank()) {
      return result;
    }
    boolean inQuotes = false;
    int start = 0;
    int colon = -1;
    for (int i = 0; i < actions.length(); i++) {
      char c = actions.charAt(i);
      if (i > 0 && actions.charAt(i - 1) == '\\') {
        continue;
      }
      if (c == '\'') {
        inQuotes = !inQuotes;
        continue;
      }
      if (inQuotes) {
        continue;
      }
      if (c == ':' && colon < 0) {
        colon = i;
      } else if (c == ',') {
        result.add(action(actions, start, colon, i));
        start = i + 1;
        colon = -1;
      }
    }
    if (inQuotes) {
      throw new IllegalArgumentException("unclosed single quote in action list: " + actions);
    }
    result.add(action(actions, start, colon, actions.length()));
    return result;
  }

  private static ActionSpec action(String actions, int start, int colon, int end) {
    String name;
    String value = null;
    if (colon >= 0) {
      name = actions.substring(start, colon).strip();
      value = unquote(actions.substring(colon + 1, end).strip());
    } else {
      name = actions.substring(start, end).strip();
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty action in action list: " + actions);
    }
    return new ActionSpec(name.toLowerCase(Locale.ROOT), value);
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.charAt(0) == '\'' && value.charAt(value.length() - 1) == '\'') {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
