package io.meshward.policy.model;

/** What an ingress rule does with the traffic it matches. */
public enum RuleAction {
  ALLOW,
  /** An explicit deny: it wins over every ALLOW, and is how access is revoked. */
  DENY
}
