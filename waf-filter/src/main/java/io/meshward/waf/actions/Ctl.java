package io.meshward.waf.actions;

import io.meshward.waf.macros.MacroString;

/**
 * {@code ctl:option=value}: changes the configuration of the current transaction only.
 *
 * @param option which setting
 * @param value the raw value (may hold macros for target removals)
 */
public record Ctl(Option option, MacroString value) implements PerMatchAction {
  public enum Option {
    RULE_ENGINE,
    RULE_REMOVE_BY_ID,
    RULE_REMOVE_BY_TAG,
    RULE_REMOVE_BY_MSG,
    RULE_REMOVE_TARGET_BY_ID,
    RULE_REMOVE_TARGET_BY_TAG,
    RULE_REMOVE_TARGET_BY_MSG,
    REQUEST_BODY_ACCESS,
    REQUEST_BODY_PROCESSOR,
    REQUEST_BODY_LIMIT,
    FORCE_REQUEST_BODY_VARIABLE,
    RESPONSE_BODY_ACCESS,
    RESPONSE_BODY_LIMIT,
    AUDIT_ENGINE,
    AUDIT_LOG_PARTS,
    /** Accepted and ignored: debug logging is not configured through rules here. */
    DEBUG_LOG_LEVEL,
    /** Accepted and ignored: hash engine features are not supported. */
    HASH_ENGINE
  }
}
