package io.meshward.waf.service.inspect;

import java.util.Locale;

/** Why a request could not be inspected; what it gets then is the profile's fail policy. */
public enum Failure {
  /** The profile's time budget ran out. */
  TIMEOUT,
  /** The engine reported an internal error, or the service failed. */
  ENGINE_ERROR,
  /** Every inspection slot was taken (the concurrency limit). */
  OVERLOADED,
  /** The proxy broke the protocol (ext_proc messages out of order). */
  PROTOCOL;

  /** As it appears in headers and JSON. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
