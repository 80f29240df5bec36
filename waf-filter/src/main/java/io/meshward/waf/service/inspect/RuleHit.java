package io.meshward.waf.service.inspect;

/**
 * A rule that matched, as it may leave the service: its id, its message with every matched value masked, its
 * severity. Never the matched data itself.
 *
 * @param ruleId the rule id
 * @param message the rule's msg, masked and capped (see {@link MessageMask})
 * @param severity 0 (EMERGENCY) to 7 (DEBUG), -1 when the rule declares none
 */
public record RuleHit(int ruleId, String message, int severity) {}
