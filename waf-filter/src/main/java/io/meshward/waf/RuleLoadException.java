package io.meshward.waf;

import io.meshward.waf.seclang.SourceLocation;

/**
 * A rule set that cannot be loaded. The message names the file, the line and the directive; nothing of the rule set
 * is used.
 */
public final class RuleLoadException extends Exception {
  private final SourceLocation location;

  public RuleLoadException(SourceLocation location, String directive, String problem) {
    super((location == null ? "" : location + ": ") + (directive == null ? "" : directive + ": ") + problem);
    this.location = location;
  }

  public RuleLoadException(SourceLocation location, String directive, String problem, Throwable cause) {
    this(location, directive, problem);
    initCause(cause);
  }

  /** Where the problem is, or null when it concerns no particular line. */
  public SourceLocation location() {
    return location;
  }
}
