package io.meshward.waf.engine;

import io.meshward.waf.Transaction;
import io.meshward.waf.rules.RuleSet;

/** Creates the transactions of one rule set; holds what they share (the body processors and their limits). */
public final class TransactionFactory {
  private final RuleSet ruleSet;
  private final BodyProcessing bodies;

  public TransactionFactory(RuleSet ruleSet) {
    this.ruleSet = ruleSet;
    this.bodies = new StandardBodyProcessing(ruleSet.settings());
  }

  public Transaction create(String id) {
    return new RuntimeTransaction(ruleSet, id, bodies);
  }
}
