package io.meshward.waf.variables;

import java.util.Arrays;

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
  // Transformed values by transformation-chain id: the ids are dense and few (57 chains in CRS v4), and a value
  // is looked up once per rule that reads it, so a plain array indexed by id beats any map.
  private String[] transformed;
  // The bytes the value holds (four 64-bit words), computed when first asked.
  private long[] bytes;
  // "VARIABLE:key" and its lower-case form, as MATCHED_VAR_NAME and MATCHED_VARS name this entry when it matches
  // through namedFor: the guard rules that every request runs match the same few entries, and these strings were
  // concatenated anew for each match. An entry is reachable through more than one variable (ARGS and ARGS_GET),
  // hence the variable they were made for.
  private Variable namedFor;
  private String matchedName;
  private String matchedLowerName;

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

  /** How MATCHED_VAR_NAME names this entry when it matched through {@code variable}: {@code VARIABLE:key}. */
  public String matchedName(Variable variable) {
    nameFor(variable);
    return matchedName;
  }

  /** {@link #matchedName} with the key in lower case: the MATCHED_VARS key. */
  public String matchedLowerName(Variable variable) {
    nameFor(variable);
    return matchedLowerName;
  }

  private void nameFor(Variable variable) {
    if (namedFor != variable) {
      matchedName = key.isEmpty() ? variable.name() : variable.name() + ":" + key;
      matchedLowerName = key.isEmpty() ? variable.lowerName() : variable.lowerName() + ":" + lowerKey;
      namedFor = variable;
    }
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
    String[] byChain = transformed;
    return byChain == null || chainId >= byChain.length ? null : byChain[chainId];
  }

  /**
   * Remembers the value after the transformation chain {@code chainId}; {@code chainCount} (the rule set's number of
   * chain ids) sizes the table once.
   */
  public void rememberTransformed(int chainId, String value, int chainCount) {
    String[] byChain = transformed;
    if (byChain == null || chainId >= byChain.length) {
      byChain = byChain == null
          ? new String[Math.max(chainCount, chainId + 1)]
          : Arrays.copyOf(byChain, Math.max(chainCount, chainId + 1));
      transformed = byChain;
    }
    byChain[chainId] = value;
  }

  /**
   * Whether the value holds any of the bytes in {@code wanted} (bit {@code b & 63} of word {@code b >>> 6} for byte
   * {@code b}). A char above 0xFF, which a byte string never has, counts as holding every byte.
   */
  public boolean holdsAnyOf(long[] wanted) {
    long[] held = bytes;
    if (held == null) {
      held = bytesOf(value);
      bytes = held;
    }
    return intersect(held, wanted);
  }

  /** Whether two byte sets (four 64-bit words, bit {@code b & 63} of word {@code b >>> 6}) share a byte. */
  public static boolean intersect(long[] held, long[] wanted) {
    return ((held[0] & wanted[0]) | (held[1] & wanted[1]) | (held[2] & wanted[2]) | (held[3] & wanted[3])) != 0;
  }

  /** Adds the bytes the value holds to {@code held} (four words, as {@link #holdsAnyOf} reads them). */
  public void addBytesTo(long[] held) {
    long[] own = bytes;
    if (own == null) {
      own = bytesOf(value);
      bytes = own;
    }
    for (int w = 0; w < 4; w++) {
      held[w] |= own[w];
    }
  }

  private static long[] bytesOf(String value) {
    long[] held = new long[4];
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c > 0xFF) {
        return new long[] {-1L, -1L, -1L, -1L};
      }
      held[c >>> 6] |= 1L << (c & 63);
    }
    return held;
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
