package io.meshward.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshward.policy.model.DocumentKey;
import io.meshward.policy.model.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail (append-only, in commit order) and the revision (one step per transaction that changed something). */
class StoreAuditAndRevisionTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final DocumentKey POLICY = new DocumentKey("WorkloadPolicy", "shop", "checkout");

  @TempDir Path dataDir;
  private final SteppingClock clock = new SteppingClock(T0);
  private Store store;

  @BeforeEach
  void open() {
    store = Store.open(dataDir, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void auditEntriesComeBackInTheOrderTheyWereAppendedStampedWithTheirTransactionsTime() {
    store.write(tx -> {
      tx.audit("policy.applied", "WorkloadPolicy shop/checkout", "by alice");
      tx.audit("mode.set", "shop", "ENFORCE");
    });
    clock.advance(Duration.ofSeconds(1));
    store.write(tx -> tx.audit("mode.cleared", "shop", ""));

    assertThat(store.audit(0, 100)).containsExactly(
        new AuditEntry(1, T0, "policy.applied", "WorkloadPolicy shop/checkout", "by alice"),
        new AuditEntry(2, T0, "mode.set", "shop", "ENFORCE"),
        new AuditEntry(3, T0.plusSeconds(1), "mode.cleared", "shop", ""));
  }

  @Test
  void theAuditTrailIsReadInPagesAfterTheLastSeqSeen() {
    store.write(tx -> {
      for (int i = 0; i < 5; i++) {
        tx.audit("write", "ns", Integer.toString(i));
      }
    });

    var firstPage = store.audit(0, 2);
    var secondPage = store.audit(firstPage.get(1).seq(), 2);
    var lastPage = store.audit(secondPage.get(1).seq(), 2);

    assertThat(firstPage).extracting(AuditEntry::detail).containsExactly("0", "1");
    assertThat(secondPage).extracting(AuditEntry::detail).containsExactly("2", "3");
    assertThat(lastPage).extracting(AuditEntry::detail).containsExactly("4");
    assertThat(store.audit(lastPage.get(0).seq(), 2)).isEmpty();
    assertThatThrownBy(() -> store.audit(0, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNewStoreIsAtRevisionZero() {
    assertThat(store.revision()).isZero();
  }

  @Test
  void theRevisionGrowsByOnePerTransactionThatChangedSomethingHoweverManyChanges() {
    store.write(tx -> {
      tx.putDocument(POLICY, "v: 1\n");
      tx.setMode("shop", Mode.LEARN);
      tx.putNodeStatus("node-1", "{}", T0);
      tx.audit("policy.applied", "shop", "");
    });
    assertThat(store.revision()).isEqualTo(1);

    store.write(tx -> tx.audit("login", "admin", ""));
    assertThat(store.revision()).isEqualTo(2);

    store.write(tx -> tx.putNodeStatus("node-1", "{}", T0.plusSeconds(10)));
    assertThat(store.revision()).isEqualTo(3);
  }

  @Test
  void transactionsThatChangeNothingLeaveTheRevisionAlone() {
    store.write(tx -> {
      tx.putDocument(POLICY, "v: 1\n");
      tx.setMode("shop", Mode.LEARN);
      tx.putNodeStatus("node-1", "{}", T0);
    });
    long revision = store.revision();

    store.write(tx -> {});
    store.write(tx -> tx.putDocument(POLICY, "v: 1\n"));
    store.write(tx -> tx.setMode("shop", Mode.LEARN));
    store.write(tx -> tx.putNodeStatus("node-1", "{}", T0));
    store.write(tx -> tx.deleteDocument(new DocumentKey("WorkloadPolicy", "shop", "absent")));
    store.write(tx -> tx.clearMode("absent"));
    store.write(tx -> tx.documents());

    assertThat(store.revision()).isEqualTo(revision);
  }

  @Test
  void aRolledBackTransactionDoesNotCount() {
    assertThatThrownBy(() -> store.write(tx -> {
      tx.putDocument(POLICY, "v: 1\n");
      throw new IllegalStateException("validation failed");
    })).hasMessage("validation failed");

    assertThat(store.revision()).isZero();
  }
}
