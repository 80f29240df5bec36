package io.meshward.waf.service.profile;

/**
 * Profiles that cannot be loaded: a file that cannot be read, a document that is not valid, a name defined twice.
 * The message names the file, and where the policy reader gives them, the line, the field and what is wrong.
 */
public final class ProfileLoadException extends Exception {
  public ProfileLoadException(String message) {
    super(message);
  }

  public ProfileLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
