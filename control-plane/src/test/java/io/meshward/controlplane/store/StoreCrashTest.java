package io.meshward.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.DocumentKey;
import io.meshward.policy.model.Mode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing committed is lost on {@code kill -9}, and nothing half-committed appears: a child JVM
 * ({@link StoreWriterProcess}) commits transactions as fast as it can and is killed with SIGKILL at a random
 * point, three times over the same data directory; after each kill the store is reopened and checked against
 * a replay of the transactions it holds.
 */
class StoreCrashTest {
  private static final int KILLS = 3;
  private static final int SIGKILL_EXIT_VALUE = 128 + 9;

  @TempDir Path tmp;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyReportedCommitSurvivesSigkillAndNoTransactionIsTorn() throws Exception {
    long seed = Long.getLong("meshward.crashTest.seed", System.nanoTime());
    System.out.println("StoreCrashTest seed " + seed + " (repeat with -Dmeshward.crashTest.seed=" + seed + ")");
    Random random = new Random(seed);
    Path dataDir = tmp.resolve("data");
    long next = 0;

    for (int kill = 1; kill <= KILLS; kill++) {
      int commitsBeforeKill = 200 + random.nextInt(201);
      long started = System.nanoTime();
      KilledWriter killed = runWriterAndKill(dataDir, next, commitsBeforeKill, tmp.resolve("writer-" + kill + ".err"));

      assertThat(dataDir.resolve("meshward.db-wal"))
          .as("the killed writer left its write-ahead log for the next open to recover")
          .exists();
      long highest = verifyAgainstReplay(dataDir, killed.lastReported());
      System.out.printf("kill %d: writer started at %d, reported %d commits (last %d), store holds 0..%d, %d ms%n",
          kill, next, killed.reports(), killed.lastReported(), highest,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      next = highest + 1;
    }
  }

  private record KilledWriter(int reports, long lastReported) {}

  /** Starts a writer at transaction {@code first} and SIGKILLs it as soon as it reports {@code commits} commits. */
  private static KilledWriter runWriterAndKill(Path dataDir, long first, int commits, Path stderr) throws Exception {
    Process writer = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            StoreWriterProcess.class.getName(), dataDir.toString(), Long.toString(first))
        .redirectError(stderr.toFile())
        .start();
    AtomicInteger reports = new AtomicInteger();
    AtomicLong lastReported = new AtomicLong(first - 1);
    // Killing from the reading thread stops the writer right at the chosen report, mid-way into the next
    // transaction. It goes through the ProcessHandle because Process.destroyForcibly() also closes our end of
    // the pipe, which would lose reports still in it; the handle only sends SIGKILL, so we read on to EOF.
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          if (line.startsWith(StoreWriterProcess.COMMITTED)) {
            lastReported.set(Long.parseLong(line.substring(StoreWriterProcess.COMMITTED.length())));
            if (reports.incrementAndGet() == commits) {
              writer.toHandle().destroyForcibly();
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "writer-stdout");
    reader.start();

    boolean exited = writer.waitFor(25, TimeUnit.SECONDS);
    if (!exited) {
      writer.destroyForcibly().waitFor();
    }
    reader.join(TimeUnit.SECONDS.toMillis(5));
    String writerErrors = Files.readString(stderr);
    assertThat(exited).as("writer reached %d commits in time; stderr:%n%s", commits, writerErrors).isTrue();
    assertThat(writer.exitValue()).as("writer was killed by SIGKILL; stderr:%n%s", writerErrors)
        .isEqualTo(SIGKILL_EXIT_VALUE);
    assertThat(reports.get()).isGreaterThanOrEqualTo(commits);
    return new KilledWriter(reports.get(), lastReported.get());
  }

  /** Reopens the store and checks it holds exactly transactions 0..M for some M >= the last reported one. */
  private static long verifyAgainstReplay(Path dataDir, long lastReported) {
    try (Store store = Store.open(dataDir)) {
      List<AuditEntry> audit = store.audit(0, Integer.MAX_VALUE);
      List<Long> written = audit.stream().map(entry -> Long.parseLong(entry.detail())).toList();
      long highest = written.isEmpty() ? -1 : written.get(written.size() - 1);

      assertThat(highest).as("every transaction reported as committed is in the store").isGreaterThanOrEqualTo(lastReported);
      assertThat(highest).as("only the transaction in flight at the kill can be committed yet unreported")
          .isLessThanOrEqualTo(lastReported + 1);
      assertThat(written).as("audit trail holds transactions 0..%d, no gaps", highest)
          .containsExactlyElementsOf(LongStream.rangeClosed(0, highest).boxed().toList());

      Map<DocumentKey, String> expectedYaml = new TreeMap<>();
      Map<DocumentKey, Long> expectedGeneration = new TreeMap<>();
      Map<String, Mode> expectedModes = new TreeMap<>();
      for (long i = 0; i <= highest; i++) {
        expectedYaml.put(StoreWriterProcess.documentKey(i), StoreWriterProcess.yaml(i));
        expectedGeneration.merge(StoreWriterProcess.documentKey(i), 1L, Long::sum);
        expectedModes.put(StoreWriterProcess.modeTarget(i), StoreWriterProcess.mode(i));
      }
      List<StoredDocument> documents = store.documents();
      assertThat(documents.stream().collect(Collectors.toMap(StoredDocument::key, StoredDocument::yaml)))
          .as("each document holds the last transaction <= %d that wrote it", highest)
          .isEqualTo(expectedYaml);
      assertThat(documents.stream().collect(Collectors.toMap(StoredDocument::key, StoredDocument::generation)))
          .as("each document's generation counts the transactions that wrote it")
          .isEqualTo(expectedGeneration);
      assertThat(store.modeOverrides()).as("each mode is that of the last transaction <= %d that set it", highest)
          .isEqualTo(expectedModes);
      assertThat(store.revision()).as("one revision per committed transaction").isEqualTo(highest + 1);
      return highest;
    }
  }
}
