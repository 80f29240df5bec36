package io.meshward.waf.variables;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one collection in one transaction, in insertion order, with repeated keys kept (a query string may
 * repeat a parameter). Lookups by key are case-insensitive (ASCII); the ARGS family compares exact keys when asked.
 *
 * <p>The index by key is built on the first keyed access and kept up to date from then on: some collections are
 * only ever iterated (MATCHED_VARS, filled and cleared around every rule), and hashing their keys would be waste.
 * Not thread-safe: a transaction is used by one thread at a time.
 */
public final class KeyedValues {
  private final List<Entry> entries;
  private final int expectedKeys;
  private Map<String, List<Entry>> byLowerKey;
  private long version;

  public KeyedValues() {
    this(10);
  }

  /** A collection sized for about {@code expectedKeys} keys, so that filling it copies and rehashes nothing. */
  public KeyedValues(int expectedKeys) {
    this.entries = new ArrayList<>(expectedKeys);
    this.expectedKeys = expectedKeys;
  }

  public Entry add(String key, String value) {
    return add(new Entry(key, value));
  }

  /** Adds a value whose key the caller already has in lower case (rules' variable names, MATCHED_VARS names). */
  public Entry add(String key, String lowerKey, String value) {
    return add(new Entry(key, lowerKey, value));
  }

  private Entry add(Entry entry) {
    version++;
    entries.add(entry);
    if (byLowerKey != null) {
      indexEntry(entry);
    }
    return entry;
  }

  /** Replaces every value of {@code key} with one. */
  public Entry set(String key, String value) {
    return set(new Entry(key, value));
  }

  /** {@link #set(String, String)} for a key already in lower case: how rules write TX. */
  public Entry setLower(String lowerKey, String value) {
    return set(new Entry(lowerKey, lowerKey, value));
  }

  private Entry set(Entry entry) {
    version++;
    List<Entry> existing = index().get(entry.lowerKey());
    if (existing != null && existing.size() == 1) {
      // The common case (a TX score updated by every matching rule): replace in place, keeping the order.
      entries.set(indexOf(existing.get(0)), entry);
      existing.set(0, entry);
      return entry;
    }
    removeLower(entry.lowerKey());
    return add(entry);
  }

  public boolean remove(String key) {
    return removeLower(Keys.lower(key));
  }

  private boolean removeLower(String lowerKey) {
    List<Entry> removed = index().remove(lowerKey);
    if (removed == null) {
      return false;
    }
    version++;
    if (removed.size() == 1) {
      entries.remove(indexOf(removed.get(0)));
    } else {
      entries.removeIf(entry -> entry.lowerKey().equals(lowerKey));
    }
    return true;
  }

  public void clear() {
    version++;
    entries.clear();
    byLowerKey = null;
  }

  /** A number that grows with every change: equal numbers mean equal contents. */
  public long version() {
    return version;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  /** The {@code i}-th entry in insertion order: for loops over every key that must not go through a view. */
  public Entry entryAt(int i) {
    return entries.get(i);
  }

  public List<Entry> all() {
    return Collections.unmodifiableList(entries);
  }

  /** The entries whose key equals {@code key} case-insensitively. */
  public List<Entry> get(String key) {
    List<Entry> found = lookup(Keys.lower(key));
    return found == null ? List.of() : Collections.unmodifiableList(found);
  }

  /** The entries whose key, in ASCII lower case, is {@code lowerKey}; null when there are none. Read only. */
  public List<Entry> getLowerOrNull(String lowerKey) {
    List<Entry> found = lookup(lowerKey);
    return found == null || found.isEmpty() ? null : found;
  }

  /** Appends every entry to {@code out}, in order. */
  public void addAllTo(List<Entry> out) {
    for (int i = 0, n = entries.size(); i < n; i++) {
      out.add(entries.get(i));
    }
  }

  /** Appends the entries whose key, in ASCII lower case, is {@code lowerKey} to {@code out}. */
  public void addLowerTo(String lowerKey, List<Entry> out) {
    List<Entry> found = lookup(lowerKey);
    if (found != null) {
      out.addAll(found);
    }
  }

  /** Appends the entries whose key equals {@code key} exactly to {@code out}. */
  public void addExact(String key, List<Entry> out) {
    List<Entry> found = lookup(Keys.lower(key));
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
    List<Entry> found = lookup(Keys.lower(key));
    return found == null || found.isEmpty() ? null : found.get(0).value();
  }

  private List<Entry> lookup(String lowerKey) {
    return entries.isEmpty() ? null : index().get(lowerKey);
  }

  private Map<String, List<Entry>> index() {
    if (byLowerKey == null) {
      byLowerKey = new HashMap<>((int) (expectedKeys / 0.75f) + 1);
      for (Entry entry : entries) {
        indexEntry(entry);
      }
    }
    return byLowerKey;
  }

  private void indexEntry(Entry entry) {
    byLowerKey.computeIfAbsent(entry.lowerKey(), k -> new ArrayList<>(1)).add(entry);
  }

  private int indexOf(Entry entry) {
    // Identity: two entries with equal keys and values are still different values of the collection.
    for (int i = 0, n = entries.size(); i < n; i++) {
      if (entries.get(i) == entry) {
        return i;
      }
    }
    throw new IllegalStateException("index and entries disagree");
  }
}
