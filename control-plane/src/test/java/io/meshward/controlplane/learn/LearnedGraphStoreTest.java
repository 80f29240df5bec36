package io.meshward.controlplane.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.controlplane.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnedGraphStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  @TempDir
  Path dataDir;

  private static Observation get(String path, Instant time) {
    return new Observation(time, "spiffe://td/ns/a/sa/b", null, "shop/files", 80, "HTTP/2", "GET", path);
  }

  @Test
  void aFlushWritesOnlyWhatChangedAndALoadRestoresCountsSightingsAndCollapsedPositions() {
    LearningLimits limits = new LearningLimits(100, 100, 2, 1_000);
    try (Store store = Store.open(dataDir)) {
      LearnedGraph graph = new LearnedGraph(limits);
      LearnedGraphStore graphStore = new LearnedGraphStore(store);
      graph.observe(get("/files/a", T0));
      graph.observe(get("/files/b", T0));
      graph.observe(get("/files/c", T0.plusSeconds(1)));
      graph.observe(new Observation(T0, null, "10.0.0.9", "db/pg", 5432, "tcp", null, null));

      assertThat(graphStore.flush(graph)).isEqualTo(4);
      assertThat(graphStore.flush(graph)).as("nothing changed since").isZero();
      graph.observe(get("/files/d", T0.plusSeconds(2)));
      assertThat(graphStore.flush(graph)).as("the * edge again").isEqualTo(1);
    }

    try (Store store = Store.open(dataDir)) {
      LearnedGraph graph = new LearnedGraph(limits);
      assertThat(new LearnedGraphStore(store).load(graph)).isZero();

      assertThat(graph.edges("shop/files")).extracting(h -> h.edge().pathTemplate() + " x" + h.count())
          .containsExactly("/files/* x2", "/files/a x1", "/files/b x1");
      assertThat(graph.edges("shop/files").get(0).lastSeen()).isEqualTo(T0.plusSeconds(2));
      assertThat(graph.edges("db/pg")).singleElement().satisfies(h -> {
        assertThat(h.edge().method()).isNull();
        assertThat(h.edge().protocol()).isEqualTo("tcp");
      });
      assertThat(graph.observe(get("/files/zzz", T0.plusSeconds(3))))
          .as("the collapsed position is remembered").isEqualTo(LearnedGraph.Outcome.KNOWN_EDGE);
    }
  }
}
