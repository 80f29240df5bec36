package io.meshward.waf;

/**
 * A disruptive decision: the request (or response) must not go on.
 *
 * @param ruleId the rule that decided (0 for an engine limit such as a body over its size limit)
 * @param action "deny", "drop" or "redirect"
 * @param status the HTTP status to answer with
 * @param data the redirect target, or empty
 */
public record Interruption(int ruleId, String action, int status, String data) {}
