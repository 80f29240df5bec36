package io.meshward.policy.validate;

/**
 * Where something starts in a source text.
 *
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 */
public record Location(int line, int column) {
  public static final Location UNKNOWN = new Location(0, 0);

  public Location {
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must not be negative: " + line + ":" + column);
    }
  }

  public boolean isKnown() {
    return line > 0;
  }
}
