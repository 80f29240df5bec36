package io.meshward.controlplane.store;

import io.meshward.policy.model.DocumentKey;
import io.meshward.policy.model.Mode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mutations and reads of one store transaction. Only valid inside {@link Store#inTransaction} and only on
 * the thread that called it: everything done through it is committed together or not at all.
 *
 * <p>Writes that change nothing (the same YAML again, the same mode again, deleting what is absent) are
 * no-ops: they do not bump a generation or the store's revision.
 *
 * <p>The store does not write audit entries by itself: the caller knows who asked for a change and why, so it
 * records that with {@link #audit} in the same transaction as the change.
 */
public interface Transaction {
  /** Inserts or replaces a document; its generation is the previous one + 1 (1 when new) if the YAML changed. */
  void putDocument(DocumentKey key, String yaml);

  /** Deletes a document; false when there was none. */
  boolean deleteDocument(DocumentKey key);

  /** Sets the operator's mode override for a target: {@code "namespace"} or {@code "namespace/workload"}. */
  void setMode(String target, Mode mode);

  /** Removes a target's mode override; false when there was none. */
  boolean clearMode(String target);

  /** Records the last known state of an xDS node (opaque JSON) and when it was last seen. */
  void putNodeStatus(String nodeId, String json, Instant lastSeen);

  /** Appends an audit entry stamped with this transaction's time. */
  void audit(String action, String target, String detail);

  /** Stores a new quarantine. */
  void putQuarantine(QuarantineRow quarantine);

  /** Releases a quarantine at this transaction's time; false when there is none with that id or it ended before. */
  boolean releaseQuarantine(String id, String reason);

  Optional<QuarantineRow> quarantine(String id);

  /** Quarantines not released, newest first; some may have expired. */
  List<QuarantineRow> unreleasedQuarantines();

  /** Reads see this transaction's own writes. */
  Optional<StoredDocument> document(DocumentKey key);

  /** All documents ordered by key, including this transaction's writes. */
  List<StoredDocument> documents();

  /** All mode overrides ordered by target, including this transaction's writes. */
  Map<String, Mode> modeOverrides();

  /** The store revision as of this transaction's reads (committed changes before it, not its own). */
  long revision();
}
