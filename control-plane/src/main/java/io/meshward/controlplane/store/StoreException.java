package io.meshward.controlplane.store;

/**
 * The store could not do what was asked: the data directory or database file is unusable, the schema is
 * from a newer meshward, or SQLite reported an error. Messages name the database path and what to do.
 */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
