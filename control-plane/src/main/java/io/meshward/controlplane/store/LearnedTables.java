package io.meshward.controlplane.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the learned_edges table (schema version 3). */
final class LearnedTables {
  private LearnedTables() {}

  /** Writes the rows' counts and sightings as they are now: the graph in memory holds the totals. */
  static void save(Connection connection, List<LearnedEdgeRow> rows) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement("""
        INSERT OR REPLACE INTO learned_edges (workload, source_kind, source, port, protocol, method, path_template,
          count, first_seen, last_seen, state, violations)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
      for (LearnedEdgeRow row : rows) {
        int i = 1;
        upsert.setString(i++, row.workload());
        upsert.setString(i++, row.sourceKind());
        upsert.setString(i++, row.source());
        upsert.setInt(i++, row.port());
        upsert.setString(i++, row.protocol());
        upsert.setString(i++, row.method());
        upsert.setString(i++, row.pathTemplate());
        upsert.setLong(i++, row.count());
        upsert.setLong(i++, row.firstSeen().toEpochMilli());
        upsert.setLong(i++, row.lastSeen().toEpochMilli());
        upsert.setString(i++, row.state());
        upsert.setLong(i, row.violations());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  static List<LearnedEdgeRow> all(Connection connection) throws SQLException {
    List<LearnedEdgeRow> rows = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement("""
        SELECT workload, source_kind, source, port, protocol, method, path_template, count, first_seen, last_seen,
          state, violations
        FROM learned_edges ORDER BY workload, source, port, protocol, method, path_template""");
         ResultSet r = select.executeQuery()) {
      while (r.next()) {
        rows.add(new LearnedEdgeRow(r.getString(1), r.getString(2), r.getString(3), r.getInt(4), r.getString(5),
            r.getString(6), r.getString(7), r.getLong(8), Instant.ofEpochMilli(r.getLong(9)),
            Instant.ofEpochMilli(r.getLong(10)), r.getString(11), r.getLong(12)));
      }
    }
    return rows;
  }
}
