package io.meshward.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshward.controlplane.store.Migrations.Migration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema migrations: ordered steps, each applied once, all pending ones in one transaction. */
class MigrationsTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path tmp;
  private Path file;
  private Connection connection;

  @BeforeEach
  void connect() throws SQLException {
    file = tmp.resolve("meshward.db");
    connection = DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  @AfterEach
  void disconnect() throws SQLException {
    connection.close();
  }

  @Test
  void pendingStepsAreAppliedInOrderAndRecordedInSchemaVersion() throws SQLException {
    List<Integer> applied = new ArrayList<>();
    Migrations migrations = new Migrations(List.of(
        new Migration(1, "first", c -> applied.add(1)),
        new Migration(2, "second", c -> applied.add(2)),
        new Migration(3, "third", c -> applied.add(3))));

    migrations.migrate(connection, file, NOW);

    assertThat(applied).containsExactly(1, 2, 3);
    assertThat(strings("SELECT version || ' ' || description FROM schema_version ORDER BY version"))
        .containsExactly("1 first", "2 second", "3 third");
    assertThat(Migrations.currentVersion(connection)).isEqualTo(3);
  }

  @Test
  void onlyTheStepsADatabaseLacksAreApplied() throws SQLException {
    List<String> applied = new ArrayList<>();
    Migration first = Migration.sql(1, "notes", "CREATE TABLE notes (text TEXT)");
    new Migrations(List.of(first)).migrate(connection, file, NOW);

    new Migrations(List.of(first,
        new Migration(2, "add notes.author", c -> {
          applied.add("2");
          try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE notes ADD COLUMN author TEXT");
          }
        })))
        .migrate(connection, file, NOW);

    assertThat(applied).containsExactly("2");
    assertThat(Migrations.currentVersion(connection)).isEqualTo(2);
  }

  @Test
  void aFailingStepRollsBackEveryStepOfThatMigrationLeavingThePreviousVersion() throws SQLException {
    Migration notes = Migration.sql(1, "notes", "CREATE TABLE notes (text TEXT)");
    new Migrations(List.of(notes)).migrate(connection, file, NOW);

    Migrations broken = new Migrations(List.of(notes,
        Migration.sql(2, "tags", "CREATE TABLE tags (name TEXT)"),
        Migration.sql(3, "broken", "ALTER TABLE no_such_table ADD COLUMN x TEXT")));

    assertThatThrownBy(() -> broken.migrate(connection, file, NOW))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("version 3 (broken)")
        .hasMessageContaining("left at version 1");
    assertThat(Migrations.currentVersion(connection)).isEqualTo(1);
    assertThat(strings("SELECT name FROM sqlite_master WHERE name = 'tags'")).isEmpty();
  }

  @Test
  void stepsMustBeNumberedOneTwoThreeInOrder() {
    Migration one = Migration.sql(1, "one");
    Migration three = Migration.sql(3, "three");

    assertThatThrownBy(() -> new Migrations(List.of(one, three)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("position 2 has version 3");
  }

  @Test
  void theStandardMigrationsCreateTheStoreTablesAndMarkTheFileAsMeshwards() throws SQLException {
    Migrations.standard().migrate(connection, file, NOW);

    assertThat(strings("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            + " ORDER BY name"))
        .containsExactly("audit_log", "documents", "flow_observations", "learned_edges", "mode_overrides",
            "node_status", "quarantines", "schema_version", "security_events", "store_revision");
    assertThat(strings("PRAGMA application_id")).containsExactly(Integer.toString(DatabaseFile.APPLICATION_ID));
  }

  private List<String> strings(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
