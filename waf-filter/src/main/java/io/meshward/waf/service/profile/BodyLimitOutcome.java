package io.meshward.waf.service.profile;

/** What happens to a body longer than the profile's maximum inspected size. */
public enum BodyLimitOutcome {
  /**
   * Refuse it with 413 in ENFORCE (reported, not refused, in LEARN and MONITOR): an attacker cannot hide a payload
   * behind a long prefix of harmless bytes.
   */
  REJECT,
  /**
   * Inspect the first bytes, up to the limit, and let the rest through unread: for routes whose large bodies are
   * normal (uploads), where refusing them would break the service.
   */
  INSPECT_PARTIAL
}
