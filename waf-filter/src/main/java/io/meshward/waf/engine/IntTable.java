package io.meshward.waf.engine;

/**
 * A small map from non-negative ints to values, for what a transaction keeps for a few of its rule set's hundreds of
 * selector slots: an array per transaction sized to every slot would cost more than the few values it keeps. Open
 * addressing over the int keys, so that a lookup boxes nothing; nothing is allocated until the first value is put.
 * Not thread-safe.
 */
final class IntTable<V> {
  private static final int FIRST_CAPACITY = 8;

  private int[] keys;
  private Object[] values;
  private int size;

  /** The value kept for {@code key}, or null. */
  @SuppressWarnings("unchecked")
  V get(int key) {
    int[] k = keys;
    if (k == null) {
      return null;
    }
    int mask = k.length - 1;
    for (int i = key & mask; ; i = (i + 1) & mask) {
      if (k[i] == key + 1) {
        return (V) values[i];
      }
      if (k[i] == 0) {
        return null;
      }
    }
  }

  /** Keeps {@code value} for {@code key}, in place of any value kept before. */
  void put(int key, V value) {
    if (keys == null) {
      keys = new int[FIRST_CAPACITY];
      values = new Object[FIRST_CAPACITY];
    } else if ((size + 1) * 2 > keys.length) {
      int[] oldKeys = keys;
      Object[] oldValues = values;
      keys = new int[oldKeys.length * 2];
      values = new Object[oldKeys.length * 2];
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != 0) {
          insert(oldKeys[i], oldValues[i]);
        }
      }
    }
    insert(key + 1, value);
  }

  /** {@code stored} is the key plus one: 0 marks a free place. */
  private void insert(int stored, Object value) {
    int mask = keys.length - 1;
    int i = (stored - 1) & mask;
    while (keys[i] != 0 && keys[i] != stored) {
      i = (i + 1) & mask;
    }
    if (keys[i] == 0) {
      keys[i] = stored;
      size++;
    }
    values[i] = value;
  }
}
