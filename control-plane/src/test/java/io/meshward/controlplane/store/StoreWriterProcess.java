package io.meshward.controlplane.store;

import io.meshward.policy.model.DocumentKey;
import io.meshward.policy.model.Mode;
import java.nio.file.Path;

/**
 * The child process of {@link StoreCrashTest}: opens the store in {@code args[0]} and commits transactions
 * {@code args[1]}, {@code args[1] + 1}, ... until it is killed, printing {@code COMMITTED i} after each
 * commit. Transaction {@code i} is defined here once, for the writer and for the test's replay.
 */
public final class StoreWriterProcess {
  static final String COMMITTED = "COMMITTED ";
  static final int DOCUMENTS = 50;
  static final int MODE_TARGETS = 20;

  private StoreWriterProcess() {}

  public static void main(String[] args) {
    Path dataDir = Path.of(args[0]);
    long first = Long.parseLong(args[1]);
    Store store = Store.open(dataDir); // never closed: the test kills this process with SIGKILL
    for (long i = first; ; i++) {
      long n = i;
      store.write(tx -> apply(tx, n));
      System.out.println(COMMITTED + i);
      System.out.flush();
    }
  }

  /** Transaction i: a document, a mode override and an audit entry, all carrying i. */
  static void apply(Transaction tx, long i) {
    tx.putDocument(documentKey(i), yaml(i));
    tx.setMode(modeTarget(i), mode(i));
    tx.audit("write", "ns", Long.toString(i));
  }

  static DocumentKey documentKey(long i) {
    return new DocumentKey("WorkloadPolicy", "ns", "p-" + (i % DOCUMENTS));
  }

  static String yaml(long i) {
    return "kind: WorkloadPolicy\nmetadata:\n  namespace: ns\n  name: p-" + (i % DOCUMENTS)
        + "\n  annotations:\n    meshward.io/write: \"" + i + "\"\n";
  }

  static String modeTarget(long i) {
    return "ns/w-" + (i % MODE_TARGETS);
  }

  static Mode mode(long i) {
    return Mode.values()[(int) (i % Mode.values().length)];
  }
}
