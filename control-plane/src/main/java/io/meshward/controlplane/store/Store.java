package io.meshward.controlplane.store;

import io.meshward.policy.model.DocumentKey;
import io.meshward.policy.model.Mode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The control plane's durable store: one SQLite database, {@code meshward.db}, in a data directory.
 *
 * <p>Every change is made in a transaction: {@link #inTransaction} commits all of the work or, if it throws,
 * none of it. A committed transaction survives a killed process and a power loss.
 *
 * <p>Thread-safe. All access goes through one connection guarded by a lock: the control plane's writes are
 * small and rare, so a second (read) connection would add complexity for no measurable gain. A read never
 * sees another thread's transaction half-done: it waits for that transaction to end.
 */
public final class Store implements AutoCloseable {
  private final Path dataDir;
  private final Clock clock;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed; // guarded by lock
  private boolean inTransaction; // guarded by lock

  private Store(Path dataDir, Clock clock, Connection connection) {
    this.dataDir = dataDir;
    this.clock = clock;
    this.connection = connection;
  }

  /**
   * Opens the store in {@code dataDir}, creating the directory and the database if missing and bringing the
   * schema up to date.
   *
   * @throws StoreException if the directory is not usable, {@code meshward.db} is not a meshward database,
   *     or its schema is newer than this code
   */
  public static Store open(Path dataDir) throws StoreException {
    return open(dataDir, Clock.systemUTC());
  }

  /** As {@link #open(Path)}, stamping transactions with {@code clock}'s time (tests pin it). */
  public static Store open(Path dataDir, Clock clock) throws StoreException {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
    Connection connection = DatabaseFile.open(dataDir);
    try {
      Migrations.standard().migrate(connection, DatabaseFile.pathIn(dataDir), millis(clock));
    } catch (RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
    return new Store(dataDir, clock, connection);
  }

  public Path dataDir() {
    return dataDir;
  }

  /** All policy documents, ordered by key. */
  public List<StoredDocument> documents() {
    return read("read documents", StoreQueries::documents);
  }

  public Optional<StoredDocument> document(DocumentKey key) {
    Objects.requireNonNull(key, "key");
    return read("read document " + key, connection -> StoreQueries.document(connection, key));
  }

  /** Operator mode overrides by target ({@code "namespace"} or {@code "namespace/workload"}), ordered by target. */
  public Map<String, Mode> modeOverrides() {
    return read("read mode overrides", StoreQueries::modeOverrides);
  }

  /** The last known state of every xDS node, ordered by node id. */
  public List<NodeStatusRow> nodeStatuses() {
    return read("read node statuses", StoreQueries::nodeStatuses);
  }

  /** Up to {@code limit} audit entries with {@code seq > afterSeq}, oldest first; pass 0 to start at the beginning. */
  public List<AuditEntry> audit(long afterSeq, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    return read("read audit trail", connection -> StoreQueries.audit(connection, afterSeq, limit));
  }

  /**
   * Stores reported security events and flow observations in one transaction of their own, then deletes what
   * {@code retention} no longer keeps. Apart from policy changes: it bumps no revision and writes no audit entry.
   * An event whose id is already stored is skipped (a batch sent twice stores nothing twice).
   *
   * @return how many events were new
   */
  public int appendTelemetry(List<SecurityEventRow> events, List<FlowObservationRow> flows,
                             TelemetryRetention retention) {
    Objects.requireNonNull(retention, "retention");
    return writeApart("appendTelemetry", "store telemetry", connection -> {
      int inserted = TelemetryTables.insert(connection, events, flows);
      TelemetryTables.prune(connection, retention);
      return inserted;
    });
  }

  /**
   * Saves learned edges as they are now (counts and sightings are totals, so saving one twice is harmless), in one
   * transaction of their own; like telemetry, apart from policy changes: no revision, no audit entry.
   */
  public void saveLearnedEdges(List<LearnedEdgeRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    writeApart("saveLearnedEdges", "store learned edges", connection -> {
      LearnedTables.save(connection, rows);
      return null;
    });
  }

  /** The newest {@code limit} quarantines, released or not, newest first. */
  public List<QuarantineRow> quarantines(int limit) {
    return read("read quarantines", connection -> QuarantineTables.recent(connection, Math.max(0, limit)));
  }

  /** Every stored learned edge, by workload. */
  public List<LearnedEdgeRow> learnedEdges() {
    return read("read learned edges", LearnedTables::all);
  }

  /** Up to {@code limit} security events with {@code seq > afterSeq} seen at or after {@code since}, oldest first. */
  public List<SecurityEventRow> securityEvents(long afterSeq, Instant since, int limit) {
    return read("read security events",
        connection -> TelemetryTables.events(connection, afterSeq, since, Math.max(0, limit)));
  }

  /** Up to {@code limit} flow observations with {@code seq > afterSeq} seen at or after {@code since}, oldest first. */
  public List<FlowObservationRow> flowObservations(long afterSeq, Instant since, int limit) {
    return read("read flow observations",
        connection -> TelemetryTables.flows(connection, afterSeq, since, Math.max(0, limit)));
  }

  /** The number of committed transactions that changed something; 0 for a new store. */
  public long revision() {
    return read("read revision", StoreQueries::revision);
  }

  /**
   * Runs {@code work} in one transaction and commits it. If {@code work} throws, everything it did is rolled
   * back and the exception propagates unchanged. Transactions do not nest: inside {@code work}, use the
   * {@link Transaction} given.
   */
  public <T> T inTransaction(Function<Transaction, T> work) {
    Objects.requireNonNull(work, "work");
    lock.lock();
    try {
      checkOpen();
      if (inTransaction) {
        throw new IllegalStateException("inTransaction cannot be nested; use the Transaction already given");
      }
      inTransaction = true;
      try {
        return runInTransaction(work);
      } finally {
        inTransaction = false;
      }
    } finally {
      lock.unlock();
    }
  }

  /** {@link #inTransaction} for work that returns nothing. */
  public void write(Consumer<Transaction> work) {
    Objects.requireNonNull(work, "work");
    inTransaction(transaction -> {
      work.accept(transaction);
      return null;
    });
  }

  /** Closes the database; SQLite checkpoints the write-ahead log into the file. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("Cannot close the meshward store in " + dataDir + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private <T> T runInTransaction(Function<Transaction, T> work) {
    // IMMEDIATE takes the write lock now rather than at the first write, so a competing process (a CLI,
    // a backup) makes us wait at the start instead of failing half-way through.
    sql("begin a transaction", () -> Sql.execute(connection, "BEGIN IMMEDIATE"));
    SqliteTransaction transaction = new SqliteTransaction(connection, millis(clock));
    try {
      T result = work.apply(transaction);
      sql("commit", () -> {
        transaction.bumpRevisionIfChanged();
        Sql.execute(connection, "COMMIT");
      });
      return result;
    } catch (RuntimeException | Error e) {
      Sql.rollbackAfter(connection, e);
      throw e;
    } finally {
      transaction.end();
    }
  }

  @FunctionalInterface
  private interface SqlQuery<T> {
    T run(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  private interface SqlAction {
    void run() throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction of its own, apart from policy changes (no revision, no audit entry), and
   * commits it; rolls back and rethrows when it fails.
   */
  private <T> T writeApart(String operation, String what, SqlQuery<T> work) {
    lock.lock();
    try {
      checkOpen();
      if (inTransaction) {
        throw new IllegalStateException(operation + " cannot run inside inTransaction");
      }
      sql("begin a transaction", () -> Sql.execute(connection, "BEGIN IMMEDIATE"));
      try {
        T result = work.run(connection);
        sql("commit", () -> Sql.execute(connection, "COMMIT"));
        return result;
      } catch (SQLException e) {
        StoreException failure = failure(what, e);
        Sql.rollbackAfter(connection, failure);
        throw failure;
      } catch (RuntimeException | Error e) {
        Sql.rollbackAfter(connection, e);
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  private <T> T read(String what, SqlQuery<T> query) {
    lock.lock();
    try {
      checkOpen();
      return query.run(connection);
    } catch (SQLException e) {
      throw failure(what, e);
    } finally {
      lock.unlock();
    }
  }

  private void sql(String what, SqlAction action) {
    try {
      action.run();
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private StoreException failure(String what, SQLException e) {
    return new StoreException(
        "Cannot " + what + " in the meshward store " + DatabaseFile.pathIn(dataDir) + ": "
            + e.getMessage(), e);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The meshward store in " + dataDir + " is closed");
    }
  }

  /** Stored times are epoch milliseconds; truncating here makes what is returned equal what was written. */
  private static Instant millis(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
