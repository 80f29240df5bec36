package io.meshward.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reported telemetry in the real SQLite store: idempotent by event id, bounded by retention, paged by seq. */
class StoreTelemetryTest {
  @TempDir
  Path tmp;

  private static SecurityEventRow event(String id, Instant at) {
    return new SecurityEventRow(0, id, at, at, "waf:9191", "shop/payments", "spiffe://x/ns/shop/sa/web",
        "10.0.0.1", "10.0.0.2", "req-" + id, List.of(new SecurityEventRow.Rule(942100, "SQL Injection", "CRITICAL")),
        "CRITICAL", 5, 0, "ENFORCE", "DENIED", "default", "request", "");
  }

  private static FlowObservationRow flow(int n, Instant at) {
    return new FlowObservationRow(0, at, at, "waf:9191", "", "10.0.0.1", "shop/payments", 8080, "HTTP/1.1", "GET",
        "/orders/" + n, "ALLOWED", "LEARN", "req-" + n);
  }

  @Test
  void aBatchSentTwiceIsStoredOnceAndOnlyTheNewestRowsAreKept() {
    Instant t = Instant.parse("2026-05-01T10:00:00Z");
    try (Store store = Store.open(tmp)) {
      TelemetryRetention keepThree = new TelemetryRetention(3, 4);
      List<SecurityEventRow> events = new ArrayList<>();
      List<FlowObservationRow> flows = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        events.add(event("e" + i, t.plusSeconds(i)));
        flows.add(flow(i, t.plusSeconds(i)));
      }
      assertThat(store.appendTelemetry(events.subList(0, 2), flows.subList(0, 2), keepThree)).isEqualTo(2);
      assertThat(store.appendTelemetry(events.subList(0, 2), List.of(), keepThree)).isZero();
      assertThat(store.appendTelemetry(events.subList(2, 5), flows.subList(2, 5), keepThree)).isEqualTo(3);

      List<SecurityEventRow> kept = store.securityEvents(0, Instant.EPOCH, 100);
      assertThat(kept).extracting(SecurityEventRow::eventId).containsExactly("e2", "e3", "e4");
      assertThat(kept.get(0).rules()).containsExactly(new SecurityEventRow.Rule(942100, "SQL Injection", "CRITICAL"));
      assertThat(store.flowObservations(0, Instant.EPOCH, 100)).extracting(FlowObservationRow::path)
          .containsExactly("/orders/1", "/orders/2", "/orders/3", "/orders/4");
      assertThat(store.securityEvents(kept.get(0).seq(), Instant.EPOCH, 100)).hasSize(2);
      assertThat(store.securityEvents(0, t.plusSeconds(4), 100)).extracting(SecurityEventRow::eventId)
          .containsExactly("e4");
      // Telemetry is not policy: the store's revision does not move.
      assertThat(store.revision()).isZero();
    }
  }
}
