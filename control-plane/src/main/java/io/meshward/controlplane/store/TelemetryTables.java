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

/** The SQL of the security_events and flow_observations tables (schema version 2). */
final class TelemetryTables {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<SecurityEventRow.Rule>> RULES = new TypeReference<>() {};

  private TelemetryTables() {}

  /** Inserts the rows (events whose id is already stored are skipped); returns how many events were new. */
  static int insert(Connection connection, List<SecurityEventRow> events, List<FlowObservationRow> flows)
      throws SQLException {
    int inserted = 0;
    try (PreparedStatement insert = connection.prepareStatement("""
        INSERT OR IGNORE INTO security_events (event_id, at, received_at, reporter, workload, source_principal,
          source_address, destination_address, request_id, rules_json, severity, inbound_score, outbound_score,
          mode, action, profile, phase, failure)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
      for (SecurityEventRow e : events) {
        int i = 1;
        insert.setString(i++, e.eventId());
        insert.setLong(i++, e.time().toEpochMilli());
        insert.setLong(i++, e.receivedAt().toEpochMilli());
        insert.setString(i++, e.reporter());
        insert.setString(i++, e.workload());
        insert.setString(i++, e.sourcePrincipal());
        insert.setString(i++, e.sourceAddress());
        insert.setString(i++, e.destinationAddress());
        insert.setString(i++, e.requestId());
        insert.setString(i++, json(e.rules()));
        insert.setString(i++, e.severity());
        insert.setInt(i++, e.inboundScore());
        insert.setInt(i++, e.outboundScore());
        insert.setString(i++, e.mode());
        insert.setString(i++, e.action());
        insert.setString(i++, e.profile());
        insert.setString(i++, e.phase());
        insert.setString(i, e.failure());
        inserted += insert.executeUpdate();
      }
    }
    try (PreparedStatement insert = connection.prepareStatement("""
        INSERT INTO flow_observations (at, received_at, reporter, source_principal, source_address,
          destination_workload, port, protocol, method, path, verdict, mode, request_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
      for (FlowObservationRow f : flows) {
        int i = 1;
        insert.setLong(i++, f.time().toEpochMilli());
        insert.setLong(i++, f.receivedAt().toEpochMilli());
        insert.setString(i++, f.reporter());
        insert.setString(i++, f.sourcePrincipal());
        insert.setString(i++, f.sourceAddress());
        insert.setString(i++, f.destinationWorkload());
        insert.setInt(i++, f.port());
        insert.setString(i++, f.protocol());
        insert.setString(i++, f.method());
        insert.setString(i++, f.path());
        insert.setString(i++, f.verdict());
        insert.setString(i++, f.mode());
        insert.setString(i, f.requestId());
        insert.executeUpdate();
      }
    }
    return inserted;
  }

  /** Deletes all but the newest rows of each table. */
  static void prune(Connection connection, TelemetryRetention retention) throws SQLException {
    prune(connection, "security_events", retention.maxSecurityEvents());
    prune(connection, "flow_observations", retention.maxFlowObservations());
  }

  private static void prune(Connection connection, String table, int keep) throws SQLException {
    // seq only grows (AUTOINCREMENT), so "the newest N" is "seq above max - N": one indexed range delete.
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM " + table + " WHERE seq <= (SELECT coalesce(max(seq), 0) FROM " + table + ") - ?")) {
      delete.setInt(1, keep);
      delete.executeUpdate();
    }
  }

  static List<SecurityEventRow> events(Connection connection, long afterSeq, Instant since, int limit)
      throws SQLException {
    List<SecurityEventRow> rows = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT * FROM security_events WHERE seq > ? AND at >= ? ORDER BY seq LIMIT ?")) {
      select.setLong(1, afterSeq);
      select.setLong(2, since.toEpochMilli());
      select.setInt(3, limit);
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          rows.add(new SecurityEventRow(r.getLong("seq"), r.getString("event_id"),
              Instant.ofEpochMilli(r.getLong("at")), Instant.ofEpochMilli(r.getLong("received_at")),
              r.getString("reporter"), r.getString("workload"), r.getString("source_principal"),
              r.getString("source_address"), r.getString("destination_address"), r.getString("request_id"),
              rules(r.getString("rules_json")), r.getString("severity"), r.getInt("inbound_score"),
              r.getInt("outbound_score"), r.getString("mode"), r.getString("action"), r.getString("profile"),
              r.getString("phase"), r.getString("failure")));
        }
      }
    }
    return List.copyOf(rows);
  }

  static List<FlowObservationRow> flows(Connection connection, long afterSeq, Instant since, int limit)
      throws SQLException {
    List<FlowObservationRow> rows = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT * FROM flow_observations WHERE seq > ? AND at >= ? ORDER BY seq LIMIT ?")) {
      select.setLong(1, afterSeq);
      select.setLong(2, since.toEpochMilli());
      select.setInt(3, limit);
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          rows.add(new FlowObservationRow(r.getLong("seq"), Instant.ofEpochMilli(r.getLong("at")),
              Instant.ofEpochMilli(r.getLong("received_at")), r.getString("reporter"),
              r.getString("source_principal"), r.getString("source_address"), r.getString("destination_workload"),
              r.getInt("port"), r.getString("protocol"), r.getString("method"), r.getString("path"),
              r.getString("verdict"), r.getString("mode"), r.getString("request_id")));
        }
      }
    }
    return List.copyOf(rows);
  }

  private static String json(List<SecurityEventRow.Rule> rules) {
    try {
      return JSON.writeValueAsString(rules);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot encode rule hits: " + e.getMessage(), e);
    }
  }

  private static List<SecurityEventRow.Rule> rules(String json) {
    try {
      return JSON.readValue(json, RULES);
    } catch (JsonProcessingException e) {
      throw new StoreException("a stored security event holds unreadable rules: " + e.getMessage(), e);
    }
  }
}
