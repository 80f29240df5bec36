package io.meshward.controlplane.learn;

/** Where a learned edge stands with respect to the allowlist. */
public enum EdgeState {
  /** In the learned allowlist: learned in LEARN, or accepted by an operator. */
  ALLOWED,
  /** Seen in MONITOR or ENFORCE, outside the allowlist: waits for an operator's accept or reject. */
  PROPOSED,
  /** Rejected by an operator: stays out of the allowlist, and each sighting in MONITOR or ENFORCE is a violation. */
  REJECTED
}
