package io.meshward.controlplane.respond;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.meshward.controlplane.mesh.QuarantinedSource;
import io.meshward.policy.model.MeshConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Counts each source's qualifying security events in a sliding window and says when one crosses the threshold.
 * Times are the control plane's receive times, not the reporters': nodes' clocks may disagree, and a skewed clock
 * must neither hide an attack nor quarantine on old events. An event id is counted once (a batch may be sent twice).
 *
 * <p>Bounded: per source at most {@code events} entries are kept; sources are kept in a cache of at most
 * {@code maxSources}, each forgotten once its window has passed without events. Thread-safe.
 */
final class QuarantineTrigger {
  /** A source as quarantines name it. */
  record Source(QuarantinedSource.Kind kind, String value) {}

  private record Seen(Instant at, String eventId) {}

  private final Cache<Source, Deque<Seen>> windows;

  QuarantineTrigger(int maxSources, Duration longestWindow) {
    this.windows = Caffeine.newBuilder().maximumSize(maxSources).expireAfterAccess(longestWindow).build();
  }

  /**
   * Counts one event; when the source now has {@code rule.events()} events within {@code rule.window()}, returns their
   * ids (oldest first) and starts its count over.
   */
  Optional<List<String>> offer(Source source, String eventId, Instant receivedAt, MeshConfig.Quarantine rule) {
    Deque<Seen> window = windows.get(source, s -> new ArrayDeque<>());
    synchronized (window) {
      for (Seen seen : window) {
        if (seen.eventId().equals(eventId)) {
          return Optional.empty();
        }
      }
      Instant since = receivedAt.minus(rule.window());
      while (!window.isEmpty() && window.peekFirst().at().isBefore(since)) {
        window.pollFirst();
      }
      window.addLast(new Seen(receivedAt, eventId));
      while (window.size() > Math.max(1, rule.events())) {
        window.pollFirst();
      }
      if (window.size() < rule.events()) {
        return Optional.empty();
      }
      List<String> ids = new ArrayList<>(window.size());
      window.forEach(seen -> ids.add(seen.eventId()));
      window.clear();
      return Optional.of(ids);
    }
  }
}
