package io.meshward.waf;

import io.meshward.waf.engine.TransactionFactory;
import io.meshward.waf.rules.RuleSet;
import io.meshward.waf.rules.RuleSetLoader;
import io.meshward.waf.auditlog.AuditSink;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A compiled rule set, ready to inspect traffic: immutable, thread-safe, loaded once and shared by every
 * transaction. A new rule set is a new engine; transactions in flight keep the engine they started with.
 */
public final class WafEngine {
  private static final char[] ID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private final RuleSet ruleSet;
  private final TransactionFactory transactions;
  private final List<String> warnings;

  private WafEngine(RuleSet ruleSet, List<String> warnings, AuditSink auditSink, boolean shortcuts) {
    this.ruleSet = ruleSet;
    this.transactions = new TransactionFactory(ruleSet, auditSink, shortcuts);
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Loads every source of the config, in order.
   *
   * @throws RuleLoadException naming the file, line and directive of the first problem
   */
  public static WafEngine load(WafConfig config) throws RuleLoadException {
    RuleSetLoader loader = new RuleSetLoader();
    for (WafConfig.Source source : config.sources()) {
      if (source.isFile()) {
        loader.loadFile(source.file());
      } else {
        loader.loadText(source.name(), source.text(), source.baseDirectory());
      }
    }
    return new WafEngine(loader.build(), loader.warnings(), config.auditSink(), config.shortcuts());
  }

  /**
   * A transaction with a fresh random id. The id names a transaction in logs; it is not a secret, so a fast
   * per-thread generator serves.
   */
  public Transaction newTransaction() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[20];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
    }
    return newTransaction(new String(id));
  }

  public Transaction newTransaction(String id) {
    return transactions.create(id);
  }

  public RuleSet ruleSet() {
    return ruleSet;
  }

  /** Rules with an id. */
  public int ruleCount() {
    return ruleSet.ruleCount();
  }

  /** Things that loaded but deserve attention (e.g. an update of a rule that does not exist). */
  public List<String> warnings() {
    return warnings;
  }
}
