package io.meshward.waf.seclang;

/** A SecLang text that cannot be read: the message names the file, the line and the directive. */
public final class SecLangSyntaxException extends Exception {
  private final SourceLocation location;

  public SecLangSyntaxException(SourceLocation location, String message) {
    super(location + ": " + message);
    this.location = location;
  }

  public SourceLocation location() {
    return location;
  }
}
