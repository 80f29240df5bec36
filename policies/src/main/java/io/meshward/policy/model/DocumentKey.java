package io.meshward.policy.model;

import java.util.Objects;

/** Identifies a stored document: its kind, namespace (empty for cluster-scoped kinds) and name. */
public record DocumentKey(String kind, String namespace, String name) implements Comparable<DocumentKey> {
  public DocumentKey {
    Objects.requireNonNull(kind, "kind");
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(name, "name");
  }

  @Override
  public int compareTo(DocumentKey o) {
    int c = kind.compareTo(o.kind);
    if (c == 0) {
      c = namespace.compareTo(o.namespace);
    }
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }
}
