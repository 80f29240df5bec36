package io.meshward.waf.actions;

import io.meshward.waf.macros.MacroString;
import java.util.List;

/**
 * The actions of one SecRule / SecAction / SecDefaultAction, parsed and checked but not yet merged with the defaults
 * of its phase.
 *
 * @param id the rule id, 0 when none
 * @param phase 1-5, or 0 when not given
 * @param transformations transformation names in order; "none" clears what came before
 * @param log null when not given (the phase default applies)
 * @param auditLog null when not given
 * @param disruptive the disruptive action given, or null; {@code block} is {@link #block()}
 * @param block whether the rule said {@code block}: use the phase default's disruptive action
 * @param status {@code status:} or 0
 * @param skipAfter a marker, or null
 * @param skip how many rules to skip, 0 when none
 */
public record RuleActions(
    int id,
    int phase,
    MacroString msg,
    MacroString logData,
    int severity,
    List<String> tags,
    String version,
    String revision,
    int maturity,
    int accuracy,
    List<String> transformations,
    boolean capture,
    boolean chain,
    boolean multiMatch,
    Boolean log,
    Boolean auditLog,
    Disruptive disruptive,
    boolean block,
    int status,
    String skipAfter,
    int skip,
    List<PerMatchAction> perMatch) {

  public RuleActions {
    tags = List.copyOf(tags);
    transformations = List.copyOf(transformations);
    perMatch = List.copyOf(perMatch);
  }
}
