package io.meshward.waf.actions;

import io.meshward.waf.macros.MacroString;

/** {@code setenv:name=value}: sets a variable of the ENV collection for this transaction. */
public record SetEnv(MacroString name, MacroString value) implements PerMatchAction {}
