package io.meshward.waf.transformations;

import java.util.Arrays;

/** A growable byte buffer for transformations whose output may be longer than their input. Not shared. */
final class ByteBuf {
  private byte[] a;
  private int n;

  ByteBuf(int capacity) {
    a = new byte[Math.max(16, capacity)];
  }

  /** A buffer holding {@code src[0..len)}, with room for {@code capacity} bytes. */
  static ByteBuf withPrefix(byte[] src, int len, int capacity) {
    ByteBuf buf = new ByteBuf(Math.max(capacity, len));
    System.arraycopy(src, 0, buf.a, 0, len);
    buf.n = len;
    return buf;
  }

  int length() {
    return n;
  }

  void add(int b) {
    if (n == a.length) {
      grow(1);
    }
    a[n++] = (byte) b;
  }

  void add(byte[] src, int from, int to) {
    int len = to - from;
    if (n + len > a.length) {
      grow(len);
    }
    System.arraycopy(src, from, a, n, len);
    n += len;
  }

  void addUtf8(int cp) {
    if (n + 4 > a.length) {
      grow(4);
    }
    n = Bytes.putUtf8(a, n, cp);
  }

  /** Whether the content equals {@code b[0..len)}. */
  boolean contentEquals(byte[] b, int len) {
    return n == len && Arrays.equals(a, 0, n, b, 0, len);
  }

  private void grow(int needed) {
    long size = Math.max((long) a.length * 2, (long) n + needed);
    if (size > Integer.MAX_VALUE - 16) {
      size = (long) n + needed;
    }
    a = Arrays.copyOf(a, (int) size);
  }

  @Override
  public String toString() {
    return Bytes.string(a, n);
  }
}
