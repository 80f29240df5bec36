package io.meshward.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.meshward.policy.model.DocumentKey;
import io.meshward.policy.model.Mode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inTransaction: all of the work is committed, or, when the work throws, none of it. */
class StoreTransactionTest {
  private static final DocumentKey CHECKOUT = new DocumentKey("WorkloadPolicy", "shop", "checkout");
  private static final DocumentKey API = new DocumentKey("WorkloadPolicy", "shop", "api");
  private static final Instant SEEN = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path dataDir;
  private Store store;

  @BeforeEach
  void open() {
    store = Store.open(dataDir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void allMutationsOfATransactionAreCommittedTogether() {
    store.write(tx -> {
      tx.putDocument(CHECKOUT, "v: 1\n");
      tx.setMode("shop", Mode.MONITOR);
      tx.putNodeStatus("node-1", "{}", SEEN);
      tx.audit("policy.applied", "shop", "");
    });

    assertThat(store.documents()).hasSize(1);
    assertThat(store.modeOverrides()).containsExactly(entry("shop", Mode.MONITOR));
    assertThat(store.nodeStatuses()).hasSize(1);
    assertThat(store.audit(0, 10)).hasSize(1);
  }

  @Test
  void whenTheWorkThrowsEverythingItDidIsRolledBackAndTheSameExceptionPropagates() {
    store.write(tx -> {
      tx.putDocument(CHECKOUT, "v: 1\n");
      tx.setMode("shop", Mode.LEARN);
    });
    RuntimeException failure = new IllegalArgumentException("policy rejected");

    assertThatThrownBy(() -> store.write(tx -> {
      tx.putDocument(CHECKOUT, "v: 2\n");
      tx.putDocument(API, "v: 1\n");
      tx.deleteDocument(CHECKOUT);
      tx.setMode("shop", Mode.ENFORCE);
      tx.setMode("bank", Mode.ENFORCE);
      tx.putNodeStatus("node-1", "{}", SEEN);
      tx.audit("policy.applied", "shop", "");
      throw failure;
    })).isSameAs(failure);

    assertThat(store.documents()).extracting(StoredDocument::key, StoredDocument::yaml, StoredDocument::generation)
        .containsExactly(tuple(CHECKOUT, "v: 1\n", 1L));
    assertThat(store.modeOverrides()).containsExactly(entry("shop", Mode.LEARN));
    assertThat(store.nodeStatuses()).isEmpty();
    assertThat(store.audit(0, 10)).isEmpty();
    assertThat(store.revision()).isEqualTo(1);
  }

  @Test
  void theStoreIsUsableAfterARollback() {
    assertThatThrownBy(() -> store.write(tx -> {
      tx.putDocument(CHECKOUT, "v: 1\n");
      throw new IllegalStateException("boom");
    })).hasMessage("boom");

    store.write(tx -> tx.putDocument(CHECKOUT, "v: 2\n"));

    assertThat(store.document(CHECKOUT)).map(StoredDocument::generation).contains(1L);
  }

  @Test
  void readsInsideATransactionSeeItsOwnWrites() {
    store.write(tx -> tx.putDocument(API, "v: 1\n"));

    store.write(tx -> {
      tx.putDocument(CHECKOUT, "v: 1\n");
      tx.putDocument(API, "v: 2\n");
      tx.setMode("shop", Mode.ENFORCE);

      assertThat(tx.document(CHECKOUT)).map(StoredDocument::yaml).contains("v: 1\n");
      assertThat(tx.document(API)).map(StoredDocument::generation).contains(2L);
      assertThat(tx.documents()).extracting(StoredDocument::key).containsExactly(API, CHECKOUT);
      assertThat(tx.modeOverrides()).containsExactly(entry("shop", Mode.ENFORCE));

      tx.deleteDocument(API);
      assertThat(tx.document(API)).isEmpty();
    });
  }

  @Test
  void inTransactionReturnsWhatTheWorkReturns() {
    String yaml = store.inTransaction(tx -> {
      tx.putDocument(CHECKOUT, "v: 1\n");
      return tx.document(CHECKOUT).orElseThrow().yaml();
    });

    assertThat(yaml).isEqualTo("v: 1\n");
  }

  @Test
  void aTransactionCannotBeUsedAfterItsWorkReturns() {
    AtomicReference<Transaction> escaped = new AtomicReference<>();
    store.write(escaped::set);

    assertThatThrownBy(() -> escaped.get().putDocument(CHECKOUT, "v: 1\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only valid inside");
    assertThat(store.documents()).isEmpty();
  }

  @Test
  void transactionsDoNotNest() {
    assertThatThrownBy(() -> store.write(outer -> {
      outer.putDocument(CHECKOUT, "v: 1\n");
      store.write(inner -> inner.putDocument(API, "v: 1\n"));
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be nested");

    assertThat(store.documents()).isEmpty();
  }

  @Test
  void aTransactionCannotBeHandedToAnotherThread() throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      store.write(tx -> {
        Future<?> attempt = other.submit(() -> tx.putDocument(CHECKOUT, "v: 1\n"));
        assertThatThrownBy(attempt::get).hasCauseInstanceOf(IllegalStateException.class);
      });
    } finally {
      other.shutdownNow();
    }
    assertThat(store.documents()).isEmpty();
  }

  @Test
  void concurrentWritersFromManyThreadsAreSerialisedWithoutLosingAnything() throws Exception {
    int threads = 8;
    int transactionsPerThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String writer = "writer-" + t;
        writers.add(pool.submit(() -> {
          for (int i = 0; i < transactionsPerThread; i++) {
            int n = i;
            store.write(tx -> {
              // read-modify-write: lost updates would show up as a generation below the number of writes
              tx.putDocument(CHECKOUT, writer + " " + n);
              tx.audit("write", writer, Integer.toString(n));
            });
            store.documents(); // reads interleave with other threads' transactions
          }
        }));
      }
      for (Future<?> writer : writers) {
        writer.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    int total = threads * transactionsPerThread;
    List<AuditEntry> audit = store.audit(0, Integer.MAX_VALUE);
    assertThat(audit).hasSize(total);
    assertThat(new HashSet<>(audit.stream().map(e -> e.target() + "#" + e.detail()).toList())).hasSize(total);
    assertThat(store.document(CHECKOUT)).map(StoredDocument::generation).contains((long) total);
    assertThat(store.revision()).isEqualTo(total);
  }
}
