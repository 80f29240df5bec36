package io.meshward.controlplane.respond;

import io.meshward.controlplane.mesh.QuarantinedSource;
import io.meshward.controlplane.store.QuarantineRow;
import io.meshward.controlplane.store.Store;
import io.meshward.controlplane.telemetry.TelemetrySubscriber;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Severity;
import io.meshward.telemetry.v1.SecurityEvent;
import io.meshward.telemetry.v1.TelemetryBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quarantines sources that attack: waf-filter's security events feed {@link QuarantineTrigger} with the rule of
 * {@code MeshConfig.spec.quarantine}; a source that crosses it is stored as quarantined (with the audit entry naming
 * the reason and the events) and published to every node as an enforced DENY. A quarantine ends when it expires or
 * an operator releases it, again with an audit entry. Quarantines in force survive a restart: they are read back
 * from the store when the service starts.
 *
 * <p>Only detections count: events that report an engine failure (fail-open or fail-closed) say nothing about the
 * source. Events with no source identity and no address cannot be attributed and are ignored.
 */
public final class QuarantineService implements TelemetrySubscriber, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QuarantineService.class);
  private static final int MAX_TRACKED_SOURCES = 100_000;

  private final Store store;
  private final Supplier<MeshConfig> meshConfig;
  private final Consumer<List<QuarantinedSource>> publish;
  private final Clock clock;
  private final QuarantineTrigger trigger;
  private final Map<String, QuarantineRow> inForce = new LinkedHashMap<>(); // by id; guarded by this
  private final ScheduledExecutorService expiry;

  private QuarantineService(Store store, Supplier<MeshConfig> meshConfig, Consumer<List<QuarantinedSource>> publish,
                            Clock clock, Duration expiryCheck) {
    this.store = store;
    this.meshConfig = meshConfig;
    this.publish = publish;
    this.clock = clock;
    this.trigger = new QuarantineTrigger(MAX_TRACKED_SOURCES, Duration.ofHours(24));
    this.expiry = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "meshward-quarantine-expiry");
      thread.setDaemon(true);
      return thread;
    });
    long millis = Math.max(1, expiryCheck.toMillis());
    expiry.scheduleWithFixedDelay(this::expireQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Reads the quarantines in force from the store, publishes them, and starts expiring them on time. */
  public static QuarantineService start(Store store, Supplier<MeshConfig> meshConfig,
                                        Consumer<List<QuarantinedSource>> publish, Clock clock,
                                        Duration expiryCheck) {
    QuarantineService service = new QuarantineService(store, meshConfig, publish, clock, expiryCheck);
    service.load();
    return service;
  }

  private synchronized void load() {
    for (QuarantineRow row : store.inTransaction(tx -> tx.unreleasedQuarantines())) {
      inForce.put(row.id(), row);
    }
    expire();
    publishLocked();
  }

  @Override
  public void received(TelemetryBatch batch, Instant receivedAt) {
    MeshConfig.Quarantine rule = meshConfig.get().spec().quarantine();
    if (!rule.enabled() || rule.events() < 1) {
      return;
    }
    for (SecurityEvent event : batch.getSecurityEventsList()) {
      if (!event.getFailure().isEmpty() || !severe(event, rule.minSeverity())) {
        continue;
      }
      QuarantineTrigger.Source source = sourceOf(event);
      if (source == null) {
        continue;
      }
      Optional<List<String>> events = trigger.offer(source, event.getEventId(), receivedAt, rule);
      events.ifPresent(ids -> quarantine(source, ids, rule, event));
    }
  }

  private static boolean severe(SecurityEvent event, Severity minimum) {
    try {
      return Severity.valueOf(event.getSeverity().name()).atLeast(minimum);
    } catch (IllegalArgumentException unspecified) {
      return false;
    }
  }

  private static QuarantineTrigger.Source sourceOf(SecurityEvent event) {
    String principal = event.getSource().getPrincipal().strip();
    if (!principal.isEmpty()) {
      return new QuarantineTrigger.Source(QuarantinedSource.Kind.PRINCIPAL, principal);
    }
    String address = event.getSource().getAddress().strip();
    return address.isEmpty() ? null : new QuarantineTrigger.Source(QuarantinedSource.Kind.ADDRESS, address);
  }

  private synchronized void quarantine(QuarantineTrigger.Source source, List<String> eventIds,
                                       MeshConfig.Quarantine rule, SecurityEvent last) {
    Instant now = clock.instant();
    for (QuarantineRow row : inForce.values()) {
      if (row.source().equals(source.value()) && row.inForce(now)) {
        return; // already denied; the running quarantine stands
      }
    }
    List<String> rules = new ArrayList<>();
    last.getRulesList().forEach(hit -> rules.add(String.valueOf(hit.getRuleId())));
    String reason = eventIds.size() + " security events of severity " + rule.minSeverity() + " or worse within "
        + rule.window().toSeconds() + " s; the last on " + last.getWorkload() + " (rules " + String.join(",", rules)
        + ")";
    QuarantineRow row = new QuarantineRow("q-" + UUID.randomUUID().toString().substring(0, 12),
        source.kind().name(), source.value(), reason, eventIds, now, now.plus(rule.duration()), Optional.empty(),
        Optional.empty());
    store.write(tx -> {
      tx.putQuarantine(row);
      tx.audit("quarantine.created", source.value(), row.id() + ": " + reason + "; until " + row.expiresAt()
          + "; events " + String.join(",", eventIds));
    });
    inForce.put(row.id(), row);
    LOG.warn("quarantined {} ({}) until {}: {}", source.value(), row.id(), row.expiresAt(), reason);
    publishLocked();
  }

  /** Ends quarantine {@code id} now; false when no quarantine with that id is in force. */
  public synchronized boolean release(String id, String reason) {
    QuarantineRow row = inForce.get(id);
    if (row == null) {
      return false;
    }
    end(row, "quarantine.released", reason);
    publishLocked();
    return true;
  }

  /** The quarantines in force now, newest first. */
  public synchronized List<QuarantineRow> inForce() {
    List<QuarantineRow> rows = new ArrayList<>(inForce.values());
    rows.sort((a, b) -> b.createdAt().compareTo(a.createdAt()));
    return rows;
  }

  private void expireQuietly() {
    try {
      expire();
    } catch (RuntimeException e) {
      LOG.warn("expiring quarantines failed; will retry: {}", e.toString());
    }
  }

  private synchronized void expire() {
    Instant now = clock.instant();
    boolean changed = false;
    for (QuarantineRow row : new ArrayList<>(inForce.values())) {
      if (!row.inForce(now)) {
        end(row, "quarantine.expired", "expired at " + row.expiresAt());
        changed = true;
      }
    }
    if (changed) {
      publishLocked();
    }
  }

  private void end(QuarantineRow row, String action, String reason) {
    store.write(tx -> {
      tx.releaseQuarantine(row.id(), reason);
      tx.audit(action, row.source(), row.id() + ": " + reason);
    });
    inForce.remove(row.id());
    LOG.info("{} {} ({}): {}", action, row.source(), row.id(), reason);
  }

  private void publishLocked() {
    List<QuarantinedSource> sources = new ArrayList<>(inForce.size());
    for (QuarantineRow row : inForce.values()) {
      sources.add(new QuarantinedSource(row.id(), QuarantinedSource.Kind.valueOf(row.sourceKind()), row.source(),
          row.expiresAt()));
    }
    publish.accept(sources);
  }

  @Override
  public void close() {
    expiry.shutdownNow();
  }
}
