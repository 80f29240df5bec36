package io.meshward.waf.engine;

import io.meshward.waf.Transaction;
import io.meshward.waf.auditlog.AuditSink;
import io.meshward.waf.rules.RuleSet;

/** Creates the transactions of one rule set; holds what they share (the body processors and their limits). */
public final class TransactionFactory {
  private final RuleSet ruleSet;
  private final BodyProcessing bodies;
  private final AuditSink auditSink;

  /** @param auditSink null for no audit log */
  public TransactionFactory(RuleSet ruleSet, AuditSink auditSink) {
    this.ruleSet = ruleSet;
    this.bodies = new StandardBodyProcessing(ruleSet.settings());
    this.auditSink = auditSink;
  }

  public Transaction create(String id) {
    return new RuntimeTransaction(ruleSet, id, bodies, auditSink);
  }
}
