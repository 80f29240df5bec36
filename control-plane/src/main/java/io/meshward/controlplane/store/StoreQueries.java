package io.meshward.controlplane.store;

import io.meshward.policy.model.DocumentKey;
import io.meshward.policy.model.Mode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The store's reads, shared by {@link Store} (committed state) and {@link SqliteTransaction} (its own view). */
final class StoreQueries {
  private StoreQueries() {}

  static List<StoredDocument> documents(Connection connection) throws SQLException {
    List<StoredDocument> documents = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
            "SELECT kind, namespace, name, yaml, generation, updated_at FROM documents");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        documents.add(document(rows));
      }
    }
    // Sorted here rather than by ORDER BY: SQLite compares UTF-8 bytes, DocumentKey compares UTF-16 chars,
    // and the two orders differ for some characters.
    documents.sort(Comparator.comparing(StoredDocument::key));
    return List.copyOf(documents);
  }

  static Optional<StoredDocument> document(Connection connection, DocumentKey key) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT kind, namespace, name, yaml, generation, updated_at FROM documents"
            + " WHERE kind = ? AND namespace = ? AND name = ?")) {
      select.setString(1, key.kind());
      select.setString(2, key.namespace());
      select.setString(3, key.name());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(document(rows)) : Optional.empty();
      }
    }
  }

  private static StoredDocument document(ResultSet row) throws SQLException {
    return new StoredDocument(
        new DocumentKey(row.getString("kind"), row.getString("namespace"), row.getString("name")),
        row.getString("yaml"),
        row.getLong("generation"),
        Instant.ofEpochMilli(row.getLong("updated_at")));
  }

  static Map<String, Mode> modeOverrides(Connection connection) throws SQLException {
    Map<String, Mode> modes = new TreeMap<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT target, mode FROM mode_overrides");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String target = rows.getString("target");
        String mode = rows.getString("mode");
        modes.put(target, Mode.parse(mode).orElseThrow(() -> new StoreException(
            "Mode override for '" + target + "' holds unknown mode '" + mode
                + "'; was it written by a newer meshward?")));
      }
    }
    return Collections.unmodifiableMap(modes);
  }

  static List<NodeStatusRow> nodeStatuses(Connection connection) throws SQLException {
    List<NodeStatusRow> statuses = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
            "SELECT node_id, json, last_seen FROM node_status");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        statuses.add(new NodeStatusRow(
            rows.getString("node_id"), rows.getString("json"), Instant.ofEpochMilli(rows.getLong("last_seen"))));
      }
    }
    statuses.sort(Comparator.comparing(NodeStatusRow::nodeId)); // String order, as for documents
    return List.copyOf(statuses);
  }

  static List<AuditEntry> audit(Connection connection, long afterSeq, int limit) throws SQLException {
    List<AuditEntry> entries = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT seq, at, action, target, detail FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?")) {
      select.setLong(1, afterSeq);
      select.setInt(2, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          entries.add(new AuditEntry(rows.getLong("seq"), Instant.ofEpochMilli(rows.getLong("at")),
              rows.getString("action"), rows.getString("target"), rows.getString("detail")));
        }
      }
    }
    return List.copyOf(entries);
  }

  static long revision(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT revision FROM store_revision WHERE id = 1");
        ResultSet row = select.executeQuery()) {
      if (!row.next()) {
        throw new StoreException("The store_revision row is missing; the database was edited by hand?");
      }
      return row.getLong(1);
    }
  }
}
