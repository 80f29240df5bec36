package io.meshward.waf.engine;

import io.meshward.waf.Transaction;
import io.meshward.waf.auditlog.AuditSink;
import io.meshward.waf.rules.RuleSet;

/** Creates the transactions of one rule set; holds what they share (the body processors and their limits). */
public final class TransactionFactory {
  private final RuleSet ruleSet;
  private final BodyProcessing bodies;
  private final AuditSink auditSink;
  private final RuleScreens screens;

  /**
   * @param auditSink null for no audit log
   * @param screened whether rules are screened in groups before they are evaluated ({@link RuleScreens}); without,
   *     every rule is evaluated in full: same verdicts, more work (for tests and measurements)
   */
  public TransactionFactory(RuleSet ruleSet, AuditSink auditSink, boolean screened) {
    this.ruleSet = ruleSet;
    this.bodies = new StandardBodyProcessing(ruleSet.settings());
    this.auditSink = auditSink;
    this.screens = screened ? RuleScreens.of(ruleSet) : RuleScreens.none(ruleSet);
  }

  public Transaction create(String id) {
    return new RuntimeTransaction(ruleSet, screens, id, bodies, auditSink);
  }
}
