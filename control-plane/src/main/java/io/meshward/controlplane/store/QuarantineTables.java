package io.meshward.controlplane.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the quarantines table (schema version 4). */
final class QuarantineTables {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private QuarantineTables() {}

  static void insert(Connection connection, QuarantineRow row) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("""
        INSERT INTO quarantines (id, source_kind, source, reason, event_ids_json, created_at, expires_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
      insert.setString(1, row.id());
      insert.setString(2, row.sourceKind());
      insert.setString(3, row.source());
      insert.setString(4, row.reason());
      insert.setString(5, json(row.eventIds()));
      insert.setLong(6, row.createdAt().toEpochMilli());
      insert.setLong(7, row.expiresAt().toEpochMilli());
      insert.executeUpdate();
    }
  }

  /** Marks the quarantine released; false when there is none with that id or it was released before. */
  static boolean release(Connection connection, String id, Instant at, String reason) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE quarantines SET released_at = ?, release_reason = ? WHERE id = ? AND released_at IS NULL")) {
      update.setLong(1, at.toEpochMilli());
      update.setString(2, reason);
      update.setString(3, id);
      return update.executeUpdate() > 0;
    }
  }

  /** Quarantines not released, newest first (expired ones included: the caller decides what is in force). */
  static List<QuarantineRow> unreleased(Connection connection) throws SQLException {
    return select(connection, "WHERE released_at IS NULL ORDER BY created_at DESC", -1);
  }

  /** The newest {@code limit} quarantines, released or not. */
  static List<QuarantineRow> recent(Connection connection, int limit) throws SQLException {
    return select(connection, "ORDER BY created_at DESC LIMIT ?", limit);
  }

  static Optional<QuarantineRow> byId(Connection connection, String id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet r = select.executeQuery()) {
        return r.next() ? Optional.of(row(r)) : Optional.empty();
      }
    }
  }

  private static final String SELECT = """
      SELECT id, source_kind, source, reason, event_ids_json, created_at, expires_at, released_at, release_reason
      FROM quarantines""";

  private static List<QuarantineRow> select(Connection connection, String where, int limit) throws SQLException {
    List<QuarantineRow> rows = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT + " " + where)) {
      if (limit >= 0) {
        select.setInt(1, limit);
      }
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          rows.add(row(r));
        }
      }
    }
    return rows;
  }

  private static QuarantineRow row(ResultSet r) throws SQLException {
    long released = r.getLong(8);
    boolean wasReleased = !r.wasNull();
    return new QuarantineRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), strings(r.getString(5)),
        Instant.ofEpochMilli(r.getLong(6)), Instant.ofEpochMilli(r.getLong(7)),
        wasReleased ? Optional.of(Instant.ofEpochMilli(released)) : Optional.empty(),
        Optional.ofNullable(r.getString(9)));
  }

  private static String json(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> strings(String json) throws SQLException {
    try {
      return JSON.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new SQLException("quarantines.event_ids_json is not a JSON list of strings: " + e.getMessage(), e);
    }
  }
}
