package io.meshward.policy.model;

/** What a WAF profile does with a body longer than its maximum inspected size. */
public enum BodyLimitOutcome {
  /**
   * Refuse it with 413 in ENFORCE (reported, not refused, in LEARN and MONITOR): an attacker cannot hide a payload
   * behind a long prefix of harmless bytes.
   */
  REJECT,
  /** Inspect the first bytes, up to the limit, and let the rest through unread: for routes with large bodies. */
  INSPECT_PARTIAL
}
