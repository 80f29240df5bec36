package io.meshward.waf.operators;

import io.meshward.waf.macros.MacroContext;

/** What an operator sees of the transaction it runs in. */
public interface OperatorContext extends MacroContext {
  /** Whether the rule carries the {@code capture} action: then matches are copied to TX.0 to TX.9. */
  boolean capturing();

  /**
   * Records a capture: group 0 is the whole match, 1-9 the groups (ModSecurity keeps at most 10). Called only when
   * {@link #capturing()}.
   */
  void capture(int group, String value);

  /**
   * Tells the transaction that an operator gave up on a bounded computation (a regex that exceeded its step budget
   * and could not be decided another way). The transaction sets {@code TX:MSC_PCRE_LIMITS_EXCEEDED}, as
   * ModSecurity does, so that rules can act on it.
   */
  void limitExceeded(String what);
}
