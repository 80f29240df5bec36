package io.meshward.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.DocumentKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy documents: stored as YAML text by key, with a generation that counts content changes. */
class StoreDocumentsTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123Z");
  private static final DocumentKey CHECKOUT = new DocumentKey("WorkloadPolicy", "shop", "checkout");

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
  void aNewDocumentHasGenerationOneAndTheTimeOfItsTransaction() {
    store.write(tx -> tx.putDocument(CHECKOUT, "kind: WorkloadPolicy\n"));

    assertThat(store.document(CHECKOUT))
        .contains(new StoredDocument(CHECKOUT, "kind: WorkloadPolicy\n", 1, T0));
  }

  @Test
  void replacingADocumentIncrementsItsGenerationAndUpdatesItsTime() {
    store.write(tx -> tx.putDocument(CHECKOUT, "v: 1\n"));
    clock.advance(Duration.ofMinutes(5));
    store.write(tx -> tx.putDocument(CHECKOUT, "v: 2\n"));
    clock.advance(Duration.ofMinutes(5));
    store.write(tx -> tx.putDocument(CHECKOUT, "v: 3\n"));

    assertThat(store.document(CHECKOUT))
        .contains(new StoredDocument(CHECKOUT, "v: 3\n", 3, T0.plus(Duration.ofMinutes(10))));
  }

  @Test
  void puttingTheSameYamlAgainChangesNothing() {
    store.write(tx -> tx.putDocument(CHECKOUT, "v: 1\n"));
    long revision = store.revision();
    clock.advance(Duration.ofMinutes(5));

    store.write(tx -> tx.putDocument(CHECKOUT, "v: 1\n"));

    assertThat(store.document(CHECKOUT)).contains(new StoredDocument(CHECKOUT, "v: 1\n", 1, T0));
    assertThat(store.revision()).isEqualTo(revision);
  }

  @Test
  void deletingADocumentRemovesItAndReportsWhetherItExisted() {
    store.write(tx -> tx.putDocument(CHECKOUT, "v: 1\n"));

    boolean deleted = store.inTransaction(tx -> tx.deleteDocument(CHECKOUT));
    boolean deletedAgain = store.inTransaction(tx -> tx.deleteDocument(CHECKOUT));

    assertThat(deleted).isTrue();
    assertThat(store.document(CHECKOUT)).isEmpty();
    assertThat(deletedAgain).isFalse();
  }

  @Test
  void aDocumentPutAgainAfterDeletionStartsOverAtGenerationOne() {
    store.write(tx -> tx.putDocument(CHECKOUT, "v: 1\n"));
    store.write(tx -> tx.putDocument(CHECKOUT, "v: 2\n"));
    store.write(tx -> tx.deleteDocument(CHECKOUT));

    store.write(tx -> tx.putDocument(CHECKOUT, "v: 3\n"));

    assertThat(store.document(CHECKOUT)).map(StoredDocument::generation).contains(1L);
  }

  @Test
  void anUnknownKeyHasNoDocument() {
    assertThat(store.document(CHECKOUT)).isEmpty();
    assertThat(store.documents()).isEmpty();
  }

  @Test
  void documentsAreListedInKeyOrderKindThenNamespaceThenName() {
    DocumentKey mesh = new DocumentKey("MeshConfig", "", "default");
    DocumentKey shopApi = new DocumentKey("WorkloadPolicy", "shop", "api");
    DocumentKey bankZeta = new DocumentKey("WorkloadPolicy", "bank", "zeta");
    store.write(tx -> {
      tx.putDocument(shopApi, "a\n");
      tx.putDocument(CHECKOUT, "b\n");
      tx.putDocument(mesh, "c\n");
      tx.putDocument(bankZeta, "d\n");
    });

    assertThat(store.documents())
        .extracting(StoredDocument::key)
        .containsExactly(mesh, bankZeta, shopApi, CHECKOUT);
  }

  @Test
  void yamlIsStoredVerbatim() {
    String yaml = "# operator's comment, kept\nkind: WorkloadPolicy\nmetadata: {name: \"caf\u00e9 \u2615\"}\n\n";

    store.write(tx -> tx.putDocument(CHECKOUT, yaml));

    assertThat(store.document(CHECKOUT)).map(StoredDocument::yaml).contains(yaml);
  }
}
