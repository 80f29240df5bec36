package io.meshward.waf.rules;

import java.util.HashMap;
import java.util.Map;

/**
 * Numbers the distinct selectors of a rule set. Hundreds of CRS rules read the same few targets
 * ({@code REQUEST_COOKIES|!REQUEST_COOKIES:/__utm/|ARGS_NAMES|ARGS}); a transaction keeps the values of each slot
 * until the collection behind it changes, instead of resolving them again for every rule.
 */
final class SelectorSlots {
  private final Map<VariableSelector, Integer> slots = new HashMap<>();

  int slot(VariableSelector selector) {
    return slots.computeIfAbsent(selector, s -> slots.size());
  }

  int size() {
    return slots.size();
  }
}
