package io.meshward.waf.macros;

/** Where macros get their values: the running transaction. */
public interface MacroContext {
  /**
   * The value of a variable for macro expansion, or the empty string when it has none.
   *
   * @param variable the variable or collection name as written, in any case ("tx", "MATCHED_VAR",
   *     "request_headers")
   * @param key the key within a collection ("anomaly_score", "0", "host"), or null for a plain variable
   */
  String lookup(String variable, String key);

  /**
   * {@link #lookup(String, String)} for a variable resolved when the macro was compiled: the rules' hot path, which
   * should not look the name up again on every expansion.
   */
  default String lookup(io.meshward.waf.variables.Variable variable, String key) {
    return lookup(variable.name(), key);
  }
}
