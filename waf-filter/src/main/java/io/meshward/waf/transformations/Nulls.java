package io.meshward.waf.transformations;

/** {@code removeNulls} deletes every NUL byte; {@code replaceNulls} turns each into a space. */
final class Nulls implements Transformation {
  static final Nulls REMOVE = new Nulls(false);
  static final Nulls REPLACE = new Nulls(true);

  private final boolean replace;

  private Nulls(boolean replace) {
    this.replace = replace;
  }

  @Override
  public String apply(String input) {
    int i = input.indexOf('\0');
    if (i < 0) {
      return input;
    }
    if (replace) {
      return input.replace('\0', ' ');
    }
    int n = input.length();
    byte[] b = Bytes.of(input);
    int o = i;
    for (; i < n; i++) {
      byte c = b[i];
      if (c != 0) {
        b[o++] = c;
      }
    }
    return Bytes.string(b, o);
  }
}
