package io.meshward.controlplane.policy;

import io.meshward.controlplane.mesh.MeshState;
import io.meshward.controlplane.mesh.ModeTarget;
import io.meshward.controlplane.store.Store;
import io.meshward.controlplane.store.StoredDocument;
import io.meshward.controlplane.store.Transaction;
import io.meshward.policy.model.DocumentKey;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.WorkloadPolicy;
import io.meshward.policy.validate.LocatedDocument;
import io.meshward.policy.validate.PolicyError;
import io.meshward.policy.validate.PolicySetValidator;
import io.meshward.policy.validate.PolicyValidationException;
import io.meshward.policy.yaml.PolicyCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Changes to what is in force: policy documents and mode overrides. Each change is validated whole, committed in
 * one store transaction with its audit entry, and then published as a new {@link MeshState}. Changes are serialised,
 * so states are published in commit order.
 */
public final class PolicyService {
  private final Store store;
  private final PolicyCodec codec;
  private final Consumer<MeshState> publish;
  /**
   * Documents already decoded, by key: a reload after a mode change or a one-document apply decodes only what
   * changed instead of every stored YAML text again.
   */
  private final Map<DocumentKey, Decoded> decoded = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile MeshState state;

  /**
   * Loads the state in the store.
   *
   * @throws StoredStateException when a stored document or mode cannot be read
   */
  public PolicyService(Store store, PolicyCodec codec, Consumer<MeshState> publish) {
    this.store = Objects.requireNonNull(store, "store");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.publish = Objects.requireNonNull(publish, "publish");
    this.state = load();
  }

  /** What is in force now. */
  public MeshState state() {
    return state;
  }

  /**
   * Validates every document of {@code yaml} (alone, and against what is stored) and applies them all in one
   * transaction, or none.
   *
   * @param source names the file in error messages
   */
  public ApplyResult apply(String source, String yaml) throws PolicyValidationException {
    return apply(List.of(new PolicySource(source, yaml)));
  }

  /**
   * Applies several files as one: every document of every file is validated (alone, against the others and
   * against what is stored) and all are committed in one transaction, or none.
   */
  public synchronized ApplyResult apply(List<PolicySource> files) throws PolicyValidationException {
    List<LocatedDocument> incoming = readAll(files);
    List<AppliedDocument> applied;
    try {
      applied = store.inTransaction(tx -> {
        List<PolicyError> errors = PolicySetValidator.validate(decodeAll(tx.documents()), incoming);
        if (!errors.isEmpty()) {
          throw new Rejected(new PolicyValidationException(errors));
        }
        List<AppliedDocument> results = new ArrayList<>();
        for (LocatedDocument located : incoming) {
          results.add(put(tx, located.document()));
        }
        return results;
      });
    } catch (Rejected rejected) {
      throw rejected.reason;
    }
    reload();
    return new ApplyResult(applied, state.revision());
  }

  /**
   * Checks files exactly as {@link #apply(List)} would, against what is stored, without applying anything.
   *
   * @return the documents, in file order
   */
  public List<PolicyDocument> validate(List<PolicySource> files) throws PolicyValidationException {
    List<LocatedDocument> incoming = readAll(files);
    List<PolicyError> errors = PolicySetValidator.validate(decodeAll(store.documents()), incoming);
    if (!errors.isEmpty()) {
      throw new PolicyValidationException(errors);
    }
    return incoming.stream().map(LocatedDocument::document).toList();
  }

  /** Reads every file, collecting the problems of all of them before giving up. */
  private List<LocatedDocument> readAll(List<PolicySource> files) throws PolicyValidationException {
    List<LocatedDocument> incoming = new ArrayList<>();
    List<PolicyError> errors = new ArrayList<>();
    for (PolicySource file : files) {
      try {
        incoming.addAll(codec.readLocated(file.name(), file.yaml()));
      } catch (PolicyValidationException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new PolicyValidationException(errors);
    }
    return incoming;
  }

  /** Removes a document; returns whether it existed. Removing the MeshConfig restores the defaults. */
  public synchronized boolean delete(DocumentKey key) {
    boolean deleted = store.inTransaction(tx -> {
      boolean existed = tx.deleteDocument(key);
      if (existed) {
        tx.audit("policy.delete", key.toString(), "");
      }
      return existed;
    });
    if (deleted) {
      reload();
    }
    return deleted;
  }

  /** Stored documents matching {@code filter}, in key order. */
  public List<PolicyDocument> documents(Predicate<PolicyDocument> filter) {
    return decodeAll(store.documents()).stream().filter(filter).toList();
  }

  public List<StoredDocument> storedDocuments() {
    return store.documents();
  }

  public Optional<PolicyDocument> document(DocumentKey key) {
    return store.document(key).map(this::decode);
  }

  /** The documents as one multi-document YAML text, in canonical form, ready to commit to git. */
  public String export(Predicate<PolicyDocument> filter) {
    return codec.write(documents(filter));
  }

  public synchronized ModeChange setMode(ModeTarget target, Mode mode) {
    return setMode(target, mode, null);
  }

  /**
   * Sets a mode override; with a {@code promotionReason}, as auto-promotion does, audited as {@code mode.promoted}
   * with the reason instead of {@code mode.set}.
   */
  public synchronized ModeChange setMode(ModeTarget target, Mode mode, String promotionReason) {
    Optional<Mode> previous = Optional.ofNullable(state.modeOverrides().get(target));
    store.write(tx -> {
      tx.setMode(target.toString(), mode);
      if (previous.orElse(null) != mode) {
        String change = previous.map(p -> p + " -> ").orElse("") + mode;
        if (promotionReason == null) {
          tx.audit("mode.set", target.toString(), change);
        } else {
          tx.audit("mode.promoted", target.toString(), change + ": " + promotionReason);
        }
      }
    });
    reload();
    return new ModeChange(target, previous, Optional.of(mode));
  }

  public synchronized ModeChange clearMode(ModeTarget target) {
    Optional<Mode> previous = Optional.ofNullable(state.modeOverrides().get(target));
    if (previous.isPresent()) {
      store.write(tx -> {
        tx.clearMode(target.toString());
        tx.audit("mode.clear", target.toString(), previous.get().toString());
      });
      reload();
    }
    return new ModeChange(target, previous, Optional.empty());
  }

  private AppliedDocument put(Transaction tx, PolicyDocument document) {
    DocumentKey key = document.key();
    String yaml = codec.write(document);
    Optional<StoredDocument> before = tx.document(key);
    tx.putDocument(key, yaml);
    StoredDocument after = tx.document(key).orElseThrow();
    AppliedDocument.Action action;
    if (before.isEmpty()) {
      action = AppliedDocument.Action.CREATED;
    } else if (before.get().generation() == after.generation()) {
      action = AppliedDocument.Action.UNCHANGED;
    } else {
      action = AppliedDocument.Action.UPDATED;
    }
    if (action != AppliedDocument.Action.UNCHANGED) {
      tx.audit("policy." + action.name().toLowerCase(java.util.Locale.ROOT), key.toString(),
          "generation " + after.generation());
    }
    return new AppliedDocument(key, action, after.generation());
  }

  private void reload() {
    state = load();
    publish.accept(state);
  }

  private MeshState load() {
    return store.inTransaction(tx -> {
      MeshConfig meshConfig = MeshConfig.defaults();
      List<WorkloadPolicy> policies = new ArrayList<>();
      List<StoredDocument> stored = tx.documents();
      decoded.keySet().retainAll(stored.stream().map(StoredDocument::key).collect(java.util.stream.Collectors.toSet()));
      for (PolicyDocument document : decodeAll(stored)) {
        if (document instanceof MeshConfig mc) {
          meshConfig = mc;
        } else if (document instanceof WorkloadPolicy wp) {
          policies.add(wp);
        }
      }
      Map<ModeTarget, Mode> modes = new HashMap<>();
      tx.modeOverrides().forEach((target, mode) -> {
        try {
          modes.put(ModeTarget.parse(target), mode);
        } catch (IllegalArgumentException e) {
          throw new StoredStateException("the store holds a mode for '" + target + "', which is not a valid target",
              e);
        }
      });
      return new MeshState(tx.revision(), meshConfig, policies, modes);
    });
  }

  private List<PolicyDocument> decodeAll(List<StoredDocument> stored) {
    return stored.stream().map(this::decode).toList();
  }

  private PolicyDocument decode(StoredDocument stored) {
    Decoded known = decoded.get(stored.key());
    if (known != null && known.yaml().equals(stored.yaml())) {
      return known.document();
    }
    PolicyDocument document = parse(stored);
    decoded.put(stored.key(), new Decoded(stored.yaml(), document));
    return document;
  }

  private PolicyDocument parse(StoredDocument stored) {
    try {
      List<PolicyDocument> documents = codec.read("store: " + stored.key(), stored.yaml());
      if (documents.size() != 1 || !documents.get(0).key().equals(stored.key())) {
        throw new StoredStateException("the store's " + stored.key() + " holds a different document", null);
      }
      return documents.get(0);
    } catch (PolicyValidationException e) {
      throw new StoredStateException("the store's " + stored.key()
          + " can no longer be read by this version of meshward: " + e.getMessage(), e);
    }
  }

  private record Decoded(String yaml, PolicyDocument document) {}

  /** Carries a validation failure out of a store transaction, which then rolls back. */
  private static final class Rejected extends RuntimeException {
    private final PolicyValidationException reason;

    Rejected(PolicyValidationException reason) {
      super(null, null, false, false);
      this.reason = reason;
    }
  }
}
