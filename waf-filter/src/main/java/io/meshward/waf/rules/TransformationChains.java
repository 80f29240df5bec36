package io.meshward.waf.rules;

import java.util.HashMap;
import java.util.Map;

/**
 * Interns transformation chains ("lowercase", "lowercase+urlDecodeUni", ...) to small ids, per rule set: rules that
 * share a chain prefix share the cached results of that prefix within a transaction.
 */
final class TransformationChains {
  private final Map<String, Integer> ids = new HashMap<>();

  int[] prefixIds(Iterable<String> names) {
    java.util.List<Integer> result = new java.util.ArrayList<>();
    StringBuilder chain = new StringBuilder();
    for (String name : names) {
      if (chain.length() > 0) {
        chain.append('+');
      }
      chain.append(name.toLowerCase(java.util.Locale.ROOT));
      result.add(ids.computeIfAbsent(chain.toString(), c -> ids.size() + 1));
    }
    return result.stream().mapToInt(Integer::intValue).toArray();
  }

  int size() {
    return ids.size() + 1;
  }
}
