package io.meshward.waf.actions;

/**
 * An action that runs every time a rule's operator matches a value (the non-disruptive actions: setvar, ctl,
 * initcol, setenv), before the rest of a chain is evaluated, as the reference engines do.
 */
public sealed interface PerMatchAction permits SetVar, Ctl, InitCol, SetEnv {}
