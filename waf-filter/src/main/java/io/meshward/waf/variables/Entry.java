package io.meshward.waf.variables;

/**
 * One value of a collection (or of a scalar variable) and its key. Compared by identity on purpose: the
 * transformation cache keys on the entry, so that the same value seen through ARGS and ARGS_GET is transformed once
 * per transformation chain.
 */
public final class Entry {
  private final String key;
  private final String lowerKey;
  private final String value;
  private Entry asName;

  public Entry(String key, String value) {
    this.key = key;
    this.lowerKey = Keys.lower(key);
    this.value = value;
  }

  public String key() {
    return key;
  }

  /** The key in lower case (ASCII), for case-insensitive lookups. */
  public String lowerKey() {
    return lowerKey;
  }

  public String value() {
    return value;
  }

  /** This entry as seen through a {@code *_NAMES} collection: key and value are both the key. */
  public Entry asName() {
    Entry name = asName;
    if (name == null) {
      name = new Entry(key, key);
      asName = name;
    }
    return name;
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
