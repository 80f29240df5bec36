package io.meshward.waf.actions;

import io.meshward.waf.macros.MacroString;

/**
 * {@code initcol:ip=%{remote_addr}}: opens a persistent collection. meshward keeps these collections per
 * transaction only (no persistent storage), so a rule can set and read them within one request.
 */
public record InitCol(String collection, MacroString key) implements PerMatchAction {}
