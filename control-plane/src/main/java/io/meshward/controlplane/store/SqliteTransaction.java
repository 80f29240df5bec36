package io.meshward.controlplane.store;

import io.meshward.policy.model.DocumentKey;
import io.meshward.policy.model.Mode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Transaction} over the store's connection, inside a transaction that {@link Store} began. It
 * remembers whether any statement changed a row, so that the store's revision moves only on real changes.
 */
final class SqliteTransaction implements Transaction {
  private final Connection connection;
  private final Instant time;
  private final Thread owner = Thread.currentThread();
  private boolean active = true;
  private boolean changedSomething;

  SqliteTransaction(Connection connection, Instant time) {
    this.connection = connection;
    this.time = time;
  }

  @Override
  public void putDocument(DocumentKey key, String yaml) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(yaml, "yaml");
    // The WHERE makes storing identical YAML a no-op: no new generation, no revision bump.
    update("put document " + key, """
        INSERT INTO documents (kind, namespace, name, yaml, generation, updated_at) VALUES (?, ?, ?, ?, 1, ?)
        ON CONFLICT (kind, namespace, name) DO UPDATE
          SET yaml = excluded.yaml, generation = documents.generation + 1, updated_at = excluded.updated_at
          WHERE documents.yaml <> excluded.yaml""",
        key.kind(), key.namespace(), key.name(), yaml, time.toEpochMilli());
  }

  @Override
  public boolean deleteDocument(DocumentKey key) {
    Objects.requireNonNull(key, "key");
    return update("delete document " + key, "DELETE FROM documents WHERE kind = ? AND namespace = ? AND name = ?",
        key.kind(), key.namespace(), key.name());
  }

  @Override
  public void setMode(String target, Mode mode) {
    checkTarget(target);
    Objects.requireNonNull(mode, "mode");
    update("set mode of " + target, """
        INSERT INTO mode_overrides (target, mode) VALUES (?, ?)
        ON CONFLICT (target) DO UPDATE SET mode = excluded.mode WHERE mode_overrides.mode <> excluded.mode""",
        target, mode.name());
  }

  @Override
  public boolean clearMode(String target) {
    checkTarget(target);
    return update("clear mode of " + target, "DELETE FROM mode_overrides WHERE target = ?", target);
  }

  @Override
  public void putNodeStatus(String nodeId, String json, Instant lastSeen) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(lastSeen, "lastSeen");
    update("put status of node " + nodeId, """
        INSERT INTO node_status (node_id, json, last_seen) VALUES (?, ?, ?)
        ON CONFLICT (node_id) DO UPDATE SET json = excluded.json, last_seen = excluded.last_seen
          WHERE node_status.json <> excluded.json OR node_status.last_seen <> excluded.last_seen""",
        nodeId, json, lastSeen.toEpochMilli());
  }

  @Override
  public void audit(String action, String target, String detail) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(detail, "detail");
    update("append audit entry " + action, "INSERT INTO audit_log (at, action, target, detail) VALUES (?, ?, ?, ?)",
        time.toEpochMilli(), action, target, detail);
  }

  @Override
  public void putQuarantine(QuarantineRow quarantine) {
    Objects.requireNonNull(quarantine, "quarantine");
    checkActive();
    try {
      QuarantineTables.insert(connection, quarantine);
      changedSomething = true;
    } catch (SQLException e) {
      throw new StoreException("Cannot store quarantine " + quarantine.id() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean releaseQuarantine(String id, String reason) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reason, "reason");
    checkActive();
    try {
      boolean released = QuarantineTables.release(connection, id, time, reason);
      changedSomething |= released;
      return released;
    } catch (SQLException e) {
      throw new StoreException("Cannot release quarantine " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<QuarantineRow> quarantine(String id) {
    checkActive();
    try {
      return QuarantineTables.byId(connection, id);
    } catch (SQLException e) {
      throw new StoreException("Cannot read quarantine " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<QuarantineRow> unreleasedQuarantines() {
    checkActive();
    try {
      return QuarantineTables.unreleased(connection);
    } catch (SQLException e) {
      throw new StoreException("Cannot read quarantines: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<StoredDocument> document(DocumentKey key) {
    Objects.requireNonNull(key, "key");
    checkActive();
    try {
      return StoreQueries.document(connection, key);
    } catch (SQLException e) {
      throw new StoreException("Cannot read document " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<StoredDocument> documents() {
    checkActive();
    try {
      return StoreQueries.documents(connection);
    } catch (SQLException e) {
      throw new StoreException("Cannot read documents: " + e.getMessage(), e);
    }
  }

  @Override
  public Map<String, Mode> modeOverrides() {
    checkActive();
    try {
      return StoreQueries.modeOverrides(connection);
    } catch (SQLException e) {
      throw new StoreException("Cannot read mode overrides: " + e.getMessage(), e);
    }
  }
  @Override
  public long revision() {
    checkActive();
    try {
      return StoreQueries.revision(connection);
    } catch (SQLException e) {
      throw new StoreException("Cannot read the store revision: " + e.getMessage(), e);
    }
  }


  /** Called by the store just before COMMIT: counts this transaction in the revision if it changed a row. */
  void bumpRevisionIfChanged() throws SQLException {
    if (changedSomething) {
      Sql.execute(connection, "UPDATE store_revision SET revision = revision + 1 WHERE id = 1");
    }
  }

  /** Called by the store when the transaction ends either way: the object must not be used afterwards. */
  void end() {
    active = false;
  }

  /** Runs a mutation; true when it changed at least one row. */
  private boolean update(String what, String sql, Object... parameters) {
    checkActive();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      boolean changed = statement.executeUpdate() > 0;
      changedSomething |= changed;
      return changed;
    } catch (SQLException e) {
      throw new StoreException("Cannot " + what + ": " + e.getMessage(), e);
    }
  }

  private void checkActive() {
    if (!active) {
      throw new IllegalStateException("This transaction has ended; a Transaction is only valid inside the "
          + "inTransaction call that created it");
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("A Transaction may only be used by the thread running inTransaction");
    }
  }

  /** A target is a namespace ("payments") or a workload in a namespace ("payments/api"). */
  private static void checkTarget(String target) {
    Objects.requireNonNull(target, "target");
    int slash = target.indexOf('/');
    boolean valid = !target.isBlank()
        && (slash < 0 || (slash > 0 && slash < target.length() - 1 && target.indexOf('/', slash + 1) < 0));
    if (!valid) {
      throw new IllegalArgumentException(
          "Mode target must be \"namespace\" or \"namespace/workload\", got \"" + target + "\"");
    }
  }
}
