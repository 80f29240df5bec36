package io.meshward.controlplane.respond;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.controlplane.mesh.QuarantinedSource;
import io.meshward.controlplane.store.AuditEntry;
import io.meshward.controlplane.store.Store;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Severity;
import io.meshward.telemetry.v1.Peer;
import io.meshward.telemetry.v1.SecurityEvent;
import io.meshward.telemetry.v1.TelemetryBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineServiceTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final String MALLORY = "spiffe://cluster.local/ns/shop/sa/mallory";

  @TempDir
  Path dataDir;

  /** A clock tests move by hand. */
  private static final class HandClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);

    void advance(Duration step) {
      now.updateAndGet(t -> t.plus(step));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static MeshConfig meshConfig(MeshConfig.Quarantine rule) {
    MeshConfig.Spec d = MeshConfig.Spec.defaults();
    return new MeshConfig(MeshConfig.defaults().metadata(),
        new MeshConfig.Spec(d.defaultMode(), d.trustDomain(), d.inspection(), d.autoPromotion(), rule));
  }

  private static TelemetryBatch events(String... ids) {
    TelemetryBatch.Builder batch = TelemetryBatch.newBuilder();
    for (String id : ids) {
      batch.addSecurityEvents(SecurityEvent.newBuilder().setEventId(id).setWorkload("shop/orders")
          .setSource(Peer.newBuilder().setPrincipal(MALLORY).setAddress("10.0.0.66"))
          .setSeverity(io.meshward.telemetry.v1.Severity.CRITICAL));
    }
    return batch.build();
  }

  @Test
  void eventsOutsideTheWindowDoNotAddUpAndAQuarantineExpiresOnItsOwn() {
    HandClock clock = new HandClock();
    MeshConfig config = meshConfig(new MeshConfig.Quarantine(true, 3, Severity.CRITICAL, Duration.ofSeconds(10),
        Duration.ofMinutes(5)));
    List<List<QuarantinedSource>> published = new CopyOnWriteArrayList<>();
    try (Store store = Store.open(dataDir);
         QuarantineService service = QuarantineService.start(store, () -> config, published::add, clock,
             Duration.ofDays(1))) {
      service.received(events("a", "b"), clock.instant());
      clock.advance(Duration.ofSeconds(11));
      service.received(events("c"), clock.instant());
      assertThat(service.inForce()).as("a and b left the window").isEmpty();

      service.received(events("d", "e"), clock.instant());
      assertThat(service.inForce()).singleElement().satisfies(q -> {
        assertThat(q.source()).isEqualTo(MALLORY);
        assertThat(q.sourceKind()).as("the principal, not the address").isEqualTo("PRINCIPAL");
        assertThat(q.eventIds()).containsExactly("c", "d", "e");
        assertThat(q.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
      });
      assertThat(published.get(published.size() - 1)).singleElement()
          .satisfies(s -> assertThat(s.value()).isEqualTo(MALLORY));

      service.received(events("f", "g", "h"), clock.instant());
      assertThat(service.inForce()).as("one quarantine per source at a time").hasSize(1);

      clock.advance(Duration.ofMinutes(5));
      service.received(TelemetryBatch.getDefaultInstance(), clock.instant());
    }
    // Reopened after the expiry time: the quarantine is ended as expired, in the audit trail.
    try (Store store = Store.open(dataDir);
         QuarantineService service = QuarantineService.start(store, () -> config, published::add, clock,
             Duration.ofDays(1))) {
      assertThat(service.inForce()).isEmpty();
      assertThat(published.get(published.size() - 1)).isEmpty();
      assertThat(store.audit(0, 100)).extracting(AuditEntry::action)
          .containsExactly("quarantine.created", "quarantine.expired");
      assertThat(store.quarantines(10).get(0).releaseReason()).hasValueSatisfying(r -> assertThat(r).contains(
          "expired"));
    }
  }

  @Test
  void aDisabledRuleQuarantinesNobody() {
    HandClock clock = new HandClock();
    MeshConfig config = meshConfig(new MeshConfig.Quarantine(false, 1, Severity.CRITICAL, Duration.ofSeconds(10),
        Duration.ofMinutes(5)));
    try (Store store = Store.open(dataDir);
         QuarantineService service = QuarantineService.start(store, () -> config, q -> { }, clock,
             Duration.ofDays(1))) {
      service.received(events("a", "b", "c"), clock.instant());
      assertThat(service.inForce()).isEmpty();
    }
  }

  @Test
  void aFloodOfEventsFromOneSourceIsOneQuarantineAndBoundedWork() {
    HandClock clock = new HandClock();
    MeshConfig config = meshConfig(MeshConfig.Quarantine.defaults());
    List<List<QuarantinedSource>> published = new CopyOnWriteArrayList<>();
    try (Store store = Store.open(dataDir);
         QuarantineService service = QuarantineService.start(store, () -> config, published::add, clock,
             Duration.ofDays(1))) {
      for (int batch = 0; batch < 200; batch++) {
        String[] ids = new String[500];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = "flood-" + batch + "-" + i;
        }
        service.received(events(ids), clock.instant());
      }

      assertThat(service.inForce()).as("100,000 events, one source").hasSize(1);
      assertThat(service.inForce().get(0).eventIds()).hasSize(5);
      assertThat(store.audit(0, 1000)).extracting(AuditEntry::action).containsExactly("quarantine.created");
      assertThat(published).as("published once at start, once for the quarantine").hasSize(2);
    }
  }
}
