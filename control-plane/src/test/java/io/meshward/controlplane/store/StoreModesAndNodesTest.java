package io.meshward.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.meshward.policy.model.Mode;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Operator mode overrides (by namespace or workload) and the last known status of each xDS node. */
class StoreModesAndNodesTest {
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
  void modeOverridesAreSetPerNamespaceOrWorkloadAndListedByTarget() {
    store.write(tx -> {
      tx.setMode("shop/checkout", Mode.ENFORCE);
      tx.setMode("bank", Mode.MONITOR);
      tx.setMode("shop", Mode.LEARN);
    });

    assertThat(store.modeOverrides())
        .containsExactly(entry("bank", Mode.MONITOR), entry("shop", Mode.LEARN), entry("shop/checkout", Mode.ENFORCE));
  }

  @Test
  void settingAModeAgainReplacesTheOverride() {
    store.write(tx -> tx.setMode("shop", Mode.LEARN));
    store.write(tx -> tx.setMode("shop", Mode.ENFORCE));

    assertThat(store.modeOverrides()).containsExactly(entry("shop", Mode.ENFORCE));
  }

  @Test
  void clearingAModeRemovesTheOverrideAndReportsWhetherThereWasOne() {
    store.write(tx -> tx.setMode("shop", Mode.MONITOR));

    boolean cleared = store.inTransaction(tx -> tx.clearMode("shop"));
    boolean clearedAgain = store.inTransaction(tx -> tx.clearMode("shop"));

    assertThat(cleared).isTrue();
    assertThat(store.modeOverrides()).isEmpty();
    assertThat(clearedAgain).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "/", "shop/", "/checkout", "shop/checkout/extra"})
  void aModeTargetMustBeANamespaceOrANamespaceSlashWorkload(String target) {
    assertThatThrownBy(() -> store.write(tx -> tx.setMode(target, Mode.ENFORCE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace/workload");
    assertThat(store.modeOverrides()).isEmpty();
  }

  @Test
  void aNodeStatusIsKeptPerNodeAndReplacedByTheNextOne() {
    Instant first = Instant.parse("2025-03-01T10:00:00.001Z");
    Instant second = Instant.parse("2025-03-01T10:00:30.002Z");
    store.write(tx -> {
      tx.putNodeStatus("sidecar~10.0.0.2~shop-checkout", "{\"acked\":\"v1\"}", first);
      tx.putNodeStatus("sidecar~10.0.0.1~shop-api", "{\"acked\":\"v1\"}", first);
    });
    store.write(tx -> tx.putNodeStatus("sidecar~10.0.0.2~shop-checkout", "{\"acked\":\"v2\"}", second));

    assertThat(store.nodeStatuses()).containsExactly(
        new NodeStatusRow("sidecar~10.0.0.1~shop-api", "{\"acked\":\"v1\"}", first),
        new NodeStatusRow("sidecar~10.0.0.2~shop-checkout", "{\"acked\":\"v2\"}", second));
  }

  @Test
  void nodeTimesAreKeptToTheMillisecond() {
    Instant withNanos = Instant.parse("2025-03-01T10:00:00.123456789Z");

    store.write(tx -> tx.putNodeStatus("node", "{}", withNanos));

    assertThat(store.nodeStatuses())
        .extracting(NodeStatusRow::lastSeen)
        .containsExactly(Instant.parse("2025-03-01T10:00:00.123Z"));
  }
}
