package io.meshward.policy.model;

/** What a sidecar does with a request when inspection (waf-filter) cannot answer. */
public enum FailureMode {
  /** Let the request through: availability over inspection. */
  OPEN,
  /** Reject the request: inspection over availability. */
  CLOSED
}
