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
  // Transformed values by transformation-chain id: few per value, so two small parallel arrays scanned linearly.
  private int[] chainIds;
  private String[] transformed;
  private int transformedCount;

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

  /**
   * The value after the transformation chain {@code chainId}, if computed before in this transaction, else null.
   * Values never change, so a result stays valid for the entry's whole life.
   */
  public String transformed(int chainId) {
    int[] ids = chainIds;
    for (int i = 0; i < transformedCount; i++) {
      if (ids[i] == chainId) {
        return transformed[i];
      }
    }
    return null;
  }

  /** Remembers the value after the transformation chain {@code chainId}. */
  public void rememberTransformed(int chainId, String value) {
    if (chainIds == null) {
      chainIds = new int[4];
      transformed = new String[4];
    } else if (transformedCount == chainIds.length) {
      chainIds = java.util.Arrays.copyOf(chainIds, transformedCount * 2);
      transformed = java.util.Arrays.copyOf(transformed, transformedCount * 2);
    }
    chainIds[transformedCount] = chainId;
    transformed[transformedCount++] = value;
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
