package io.meshward.policy.yaml;

/**
 * Bounds on what one call of {@link PolicyCodec#read} accepts, so that hostile text costs bounded memory and time.
 *
 * @param maxBytes the largest text, in UTF-8 bytes
 * @param maxDocuments the most documents in one text
 * @param maxAliases the most aliases to lists and mappings (the "billion laughs" defence)
 * @param maxNestingDepth the deepest nesting of lists and mappings
 */
public record Limits(int maxBytes, int maxDocuments, int maxAliases, int maxNestingDepth) {
  public static final Limits DEFAULT = new Limits(4 * 1024 * 1024, 1000, 50, 64);

  public Limits {
    if (maxBytes < 1 || maxDocuments < 1 || maxAliases < 0 || maxNestingDepth < 1) {
      throw new IllegalArgumentException("limits must be positive: " + maxBytes + ", " + maxDocuments + ", "
          + maxAliases + ", " + maxNestingDepth);
    }
  }

  public static Limits defaults() {
    return DEFAULT;
  }
}
