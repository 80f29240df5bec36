package io.meshward.policy.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Immutable copies that keep the order an operator wrote, so that writing a policy back is stable. */
final class Collections2 {
  private Collections2() {}

  static <K, V> Map<K, V> copyOfOrdered(Map<K, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  static <T> List<T> copyOf(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }
}
