package io.meshward.controlplane.policy;

/** The store holds something this version cannot read; the control plane refuses to run on a partial state. */
public final class StoredStateException extends RuntimeException {
  public StoredStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
