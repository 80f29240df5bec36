package io.meshward.waf.variables;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one collection in one transaction, in insertion order, with repeated keys kept (a query string may
 * repeat a parameter). Lookups by key are case-insensitive (ASCII); the ARGS family compares exact keys when asked.
 * Not thread-safe: a transaction is used by one thread at a time.
 */
public final class KeyedValues {
  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, List<Entry>> byLowerKey = new HashMap<>();

  public Entry add(String key, String value) {
    Entry entry = new Entry(key, value);
    entries.add(entry);
    byLowerKey.computeIfAbsent(entry.lowerKey(), k -> new ArrayList<>(1)).add(entry);
    return entry;
  }

  /** Replaces every value of {@code key} with one. */
  public Entry set(String key, String value) {
    remove(key);
    return add(key, value);
  }

  public boolean remove(String key) {
    List<Entry> removed = byLowerKey.remove(Keys.lower(key));
    if (removed == null) {
      return false;
    }
    entries.removeAll(removed);
    return true;
  }

  public void clear() {
    // HashMap.clear() sweeps the whole table even when empty; MATCHED_VARS is cleared before every rule.
    if (!entries.isEmpty()) {
      entries.clear();
      byLowerKey.clear();
    }
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  public List<Entry> all() {
    return Collections.unmodifiableList(entries);
  }

  /** The entries whose key equals {@code key} case-insensitively. */
  public List<Entry> get(String key) {
    List<Entry> found = byLowerKey.get(Keys.lower(key));
    return found == null ? List.of() : Collections.unmodifiableList(found);
  }

  /** The entries whose key, in ASCII lower case, is {@code lowerKey}. */
  public List<Entry> getLower(String lowerKey) {
    List<Entry> found = byLowerKey.get(lowerKey);
    return found == null ? List.of() : Collections.unmodifiableList(found);
  }

  /** The entries whose key equals {@code key} exactly. */
  public List<Entry> getExact(String key) {
    List<Entry> found = byLowerKey.get(Keys.lower(key));
    if (found == null) {
      return List.of();
    }
    List<Entry> exact = new ArrayList<>(found.size());
    for (Entry entry : found) {
      if (entry.key().equals(key)) {
        exact.add(entry);
      }
    }
    return exact;
  }

  /** Appends the entries whose key equals {@code key} exactly to {@code out}. */
  public void addExact(String key, List<Entry> out) {
    List<Entry> found = byLowerKey.get(Keys.lower(key));
    if (found != null) {
      for (Entry entry : found) {
        if (entry.key().equals(key)) {
          out.add(entry);
        }
      }
    }
  }

  /** The first value of {@code key}, or null. */
  public String first(String key) {
    List<Entry> found = byLowerKey.get(Keys.lower(key));
    return found == null || found.isEmpty() ? null : found.get(0).value();
  }
}
