package io.meshward.controlplane.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Small JDBC helpers shared by the store's classes. */
final class Sql {
  private Sql() {}

  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * Rolls back the open transaction after {@code failure} (null when there is none to report). A failed
   * rollback is recorded on {@code failure}, never thrown: the original problem is the one worth reporting,
   * and SQLite has already ended the transaction itself after some errors.
   */
  static void rollbackAfter(Connection connection, Throwable failure) {
    try {
      execute(connection, "ROLLBACK");
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }
}
