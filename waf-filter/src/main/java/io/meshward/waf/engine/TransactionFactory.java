package io.meshward.waf.engine;

import io.meshward.waf.Transaction;
import io.meshward.waf.auditlog.AuditSink;
import io.meshward.waf.rules.RuleSet;

/** Creates the transactions of one rule set; holds what they share (the body processors and their limits). */
public final class TransactionFactory {
  private final RuleSet ruleSet;
  private final BodyProcessing bodies;
  private final AuditSink auditSink;
  private final Shortcuts shortcuts;

  /**
   * @param auditSink null for no audit log
   * @param shortcuts whether rules are screened in groups before they are evaluated ({@link RuleScreens}), phase 1's
   *     request-independent rules run once for all transactions ({@link Prelude}) and the rules whose outcome that
   *     settles are evaluated once ({@link SettledRules}); without, every rule is evaluated in full in every
   *     transaction: same verdicts, more work (for tests and measurements)
   */
  public TransactionFactory(RuleSet ruleSet, AuditSink auditSink, boolean shortcuts) {
    this.ruleSet = ruleSet;
    this.bodies = new StandardBodyProcessing(ruleSet.settings());
    this.auditSink = auditSink;
    this.shortcuts = shortcuts ? Shortcuts.of(ruleSet, bodies) : Shortcuts.none(ruleSet);
  }

  public Transaction create(String id) {
    return new RuntimeTransaction(ruleSet, shortcuts, id, bodies, auditSink);
  }
}
