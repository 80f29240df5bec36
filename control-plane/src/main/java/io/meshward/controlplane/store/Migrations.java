package io.meshward.controlplane.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's schema history: ordered steps, each taking the schema from version {@code n - 1} to {@code n}.
 * The {@code schema_version} table records every step applied, so opening a database applies exactly the
 * steps it lacks, all in one transaction: a crash or a failing step leaves the previous schema intact.
 *
 * <p>To change the schema, append a step to {@link #standard()}; never edit a released one, because
 * databases out there already went through it.
 */
final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /** One schema step. Runs inside the migration transaction, so it must not commit or roll back. */
  @FunctionalInterface
  interface Step {
    void apply(Connection connection) throws SQLException;
  }

  record Migration(int version, String description, Step step) {
    Migration {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(step, "step");
    }

    static Migration sql(int version, String description, String... statements) {
      List<String> sql = List.of(statements);
      return new Migration(version, description, connection -> {
        try (Statement statement = connection.createStatement()) {
          for (String s : sql) {
            statement.execute(s);
          }
        }
      });
    }
  }

  private final List<Migration> migrations;

  Migrations(List<Migration> migrations) {
    this.migrations = List.copyOf(migrations);
    for (int i = 0; i < this.migrations.size(); i++) {
      if (this.migrations.get(i).version() != i + 1) {
        throw new IllegalArgumentException(
            "migration versions must be 1, 2, 3, ... in order; position " + (i + 1) + " has version "
                + this.migrations.get(i).version());
      }
    }
  }

  /** The migrations of this version of meshward. */
  static Migrations standard() {
    return new Migrations(List.of(
        Migration.sql(1, "documents, mode overrides, node statuses, audit trail, revision",
            // Times are epoch milliseconds: exact, sortable and cheap to compare.
            """
            CREATE TABLE documents (
              kind       TEXT    NOT NULL,
              namespace  TEXT    NOT NULL,
              name       TEXT    NOT NULL,
              yaml       TEXT    NOT NULL,
              generation INTEGER NOT NULL CHECK (generation >= 1),
              updated_at INTEGER NOT NULL,
              PRIMARY KEY (kind, namespace, name)
            ) WITHOUT ROWID""",
            // No CHECK on mode: a new Mode constant then needs no table rebuild; reads reject unknown names.
            """
            CREATE TABLE mode_overrides (
              target TEXT NOT NULL PRIMARY KEY,
              mode   TEXT NOT NULL
            ) WITHOUT ROWID""",
            """
            CREATE TABLE node_status (
              node_id   TEXT    NOT NULL PRIMARY KEY,
              json      TEXT    NOT NULL,
              last_seen INTEGER NOT NULL
            ) WITHOUT ROWID""",
            // AUTOINCREMENT so that a seq is never reused, even if old entries are pruned one day:
            // readers page through the trail by the last seq they saw.
            """
            CREATE TABLE audit_log (
              seq    INTEGER PRIMARY KEY AUTOINCREMENT,
              at     INTEGER NOT NULL,
              action TEXT    NOT NULL,
              target TEXT    NOT NULL,
              detail TEXT    NOT NULL
            )""",
            """
            CREATE TABLE store_revision (
              id       INTEGER PRIMARY KEY CHECK (id = 1),
              revision INTEGER NOT NULL
            )""",
            "INSERT INTO store_revision (id, revision) VALUES (1, 0)"),
        Migration.sql(2, "security events and flow observations reported by waf-filter",
            // event_id UNIQUE: a batch sent again after a lost acknowledgement stores nothing twice.
            // seq orders rows as received and bounds retention (keep the newest N); times are epoch ms.
            """
            CREATE TABLE security_events (
              seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
              event_id            TEXT    NOT NULL UNIQUE,
              at                  INTEGER NOT NULL,
              received_at         INTEGER NOT NULL,
              reporter            TEXT    NOT NULL,
              workload            TEXT    NOT NULL,
              source_principal    TEXT    NOT NULL,
              source_address      TEXT    NOT NULL,
              destination_address TEXT    NOT NULL,
              request_id          TEXT    NOT NULL,
              rules_json          TEXT    NOT NULL,
              severity            TEXT    NOT NULL,
              inbound_score       INTEGER NOT NULL,
              outbound_score      INTEGER NOT NULL,
              mode                TEXT    NOT NULL,
              action              TEXT    NOT NULL,
              profile             TEXT    NOT NULL,
              phase               TEXT    NOT NULL,
              failure             TEXT    NOT NULL
            )""",
            "CREATE INDEX security_events_at ON security_events (at)",
            """
            CREATE TABLE flow_observations (
              seq                  INTEGER PRIMARY KEY AUTOINCREMENT,
              at                   INTEGER NOT NULL,
              received_at          INTEGER NOT NULL,
              reporter             TEXT    NOT NULL,
              source_principal     TEXT    NOT NULL,
              source_address       TEXT    NOT NULL,
              destination_workload TEXT    NOT NULL,
              port                 INTEGER NOT NULL,
              protocol             TEXT    NOT NULL,
              method               TEXT    NOT NULL,
              path                 TEXT    NOT NULL,
              verdict              TEXT    NOT NULL,
              mode                 TEXT    NOT NULL,
              request_id           TEXT    NOT NULL
            )""",
            "CREATE INDEX flow_observations_at ON flow_observations (at)"),
        Migration.sql(3, "the learned graph: edges into each workload with counts and first and last sighting",
            // method and path_template are '' for TCP edges, so that the key has no NULLs; times are epoch ms.
            """
            CREATE TABLE learned_edges (
              workload      TEXT    NOT NULL,
              source_kind   TEXT    NOT NULL,
              source        TEXT    NOT NULL,
              port          INTEGER NOT NULL,
              protocol      TEXT    NOT NULL,
              method        TEXT    NOT NULL,
              path_template TEXT    NOT NULL,
              count         INTEGER NOT NULL,
              first_seen    INTEGER NOT NULL,
              last_seen     INTEGER NOT NULL,
              state         TEXT    NOT NULL,
              violations    INTEGER NOT NULL,
              PRIMARY KEY (workload, source, port, protocol, method, path_template)
            ) WITHOUT ROWID"""),
        Migration.sql(4, "quarantines: sources denied across the mesh after attacks, with the events behind them",
            // released_at is NULL while the quarantine may be in force (until expires_at); times are epoch ms.
            """
            CREATE TABLE quarantines (
              id             TEXT    NOT NULL PRIMARY KEY,
              source_kind    TEXT    NOT NULL,
              source         TEXT    NOT NULL,
              reason         TEXT    NOT NULL,
              event_ids_json TEXT    NOT NULL,
              created_at     INTEGER NOT NULL,
              expires_at     INTEGER NOT NULL,
              released_at    INTEGER,
              release_reason TEXT
            ) WITHOUT ROWID""",
            "CREATE INDEX quarantines_open ON quarantines (released_at, expires_at)")));
  }

  int latestVersion() {
    return migrations.size();
  }

  /**
   * Brings the schema of {@code connection}'s database up to {@link #latestVersion()} in one transaction.
   *
   * @throws StoreException if the database's schema is newer than this code, or a step fails
   */
  void migrate(Connection connection, Path databaseFile, Instant now) {
    try {
      // IMMEDIATE: take the write lock before reading the version, so that two processes opening the same
      // new database cannot both decide to apply the same step.
      Sql.execute(connection, "BEGIN IMMEDIATE");
    } catch (SQLException e) {
      throw new StoreException("Cannot start the schema migration of " + databaseFile + ": " + e.getMessage(), e);
    }
    try {
      int current = currentVersion(connection);
      if (current > latestVersion()) {
        throw new StoreException(databaseFile + " has schema version " + current
            + ", newer than the newest this meshward understands (" + latestVersion()
            + "); it was written by a newer meshward. Run that version, or restore a backup.");
      }
      if (current < latestVersion()) {
        applyFrom(current, connection, databaseFile, now);
      }
      Sql.execute(connection, "COMMIT");
    } catch (SQLException e) {
      StoreException failure =
          new StoreException("Schema migration of " + databaseFile + " failed: " + e.getMessage(), e);
      Sql.rollbackAfter(connection, failure);
      throw failure;
    } catch (RuntimeException | Error e) {
      Sql.rollbackAfter(connection, e);
      throw e;
    }
  }

  /** The schema version of a database: 0 for a new one, which has no {@code schema_version} table yet. */
  static int currentVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet tables = statement.executeQuery(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
      if (tables.next() && tables.getInt(1) == 0) {
        return 0;
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet version = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
      return version.next() ? version.getInt(1) : 0;
    }
  }

  private void applyFrom(int current, Connection connection, Path databaseFile, Instant now) throws SQLException {
    Sql.execute(connection, """
        CREATE TABLE IF NOT EXISTS schema_version (
          version     INTEGER PRIMARY KEY,
          description TEXT    NOT NULL,
          applied_at  INTEGER NOT NULL
        )""");
    // Marks the file as meshward's (see DatabaseFile.identify); part of this transaction like the rest.
    Sql.execute(connection, "PRAGMA application_id = " + DatabaseFile.APPLICATION_ID);
    for (Migration migration : migrations.subList(current, migrations.size())) {
      try {
        migration.step().apply(connection);
      } catch (SQLException e) {
        throw new StoreException("Schema migration of " + databaseFile + " to version " + migration.version()
            + " (" + migration.description() + ") failed; the database was left at version " + current
            + ": " + e.getMessage(), e);
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
        insert.setInt(1, migration.version());
        insert.setString(2, migration.description());
        insert.setLong(3, now.toEpochMilli());
        insert.executeUpdate();
      }
      LOG.info("{}: applied schema migration {} ({})", databaseFile, migration.version(), migration.description());
    }
  }
}
