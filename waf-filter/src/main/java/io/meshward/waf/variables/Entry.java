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
  // Transformed values by transformation-chain id, in a small open-addressing table (slot holds id + 1; 0 is
  // empty): a header is seen through a dozen or more chains, and every rule evaluation looks one up.
  private int[] chainIds;
  private String[] transformed;
  private int transformedCount;

  public Entry(String key, String value) {
    this(key, Keys.lower(key), value);
  }

  /** An entry whose key the caller has in lower case already. */
  public Entry(String key, String lowerKey, String value) {
    this.key = key;
    this.lowerKey = lowerKey;
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
   * The value after the transformation chain {@code chainId} (not negative), if computed before in this
   * transaction, else null. Values never change, so a result stays valid for the entry's whole life.
   */
  public String transformed(int chainId) {
    int[] ids = chainIds;
    if (ids == null) {
      return null;
    }
    int mask = ids.length - 1;
    int wanted = chainId + 1;
    for (int i = mix(chainId) & mask; ; i = (i + 1) & mask) {
      int id = ids[i];
      if (id == wanted) {
        return transformed[i];
      }
      if (id == 0) {
        return null;
      }
    }
  }

  /** Remembers the value after the transformation chain {@code chainId}. */
  public void rememberTransformed(int chainId, String value) {
    if (chainIds == null) {
      chainIds = new int[8];
      transformed = new String[8];
    } else if ((transformedCount + 1) * 2 > chainIds.length) {
      int[] oldIds = chainIds;
      String[] oldValues = transformed;
      chainIds = new int[oldIds.length * 2];
      transformed = new String[oldIds.length * 2];
      for (int i = 0; i < oldIds.length; i++) {
        if (oldIds[i] != 0) {
          put(oldIds[i], oldValues[i]);
        }
      }
    }
    if (put(chainId + 1, value)) {
      transformedCount++;
    }
  }

  private boolean put(int slotId, String value) {
    int mask = chainIds.length - 1;
    for (int i = mix(slotId - 1) & mask; ; i = (i + 1) & mask) {
      if (chainIds[i] == 0 || chainIds[i] == slotId) {
        boolean added = chainIds[i] == 0;
        chainIds[i] = slotId;
        transformed[i] = value;
        return added;
      }
    }
  }

  private static int mix(int id) {
    return id * 0x9E3779B1 >>> 16;
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
