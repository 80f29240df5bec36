package io.meshward.policy.model;

import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes-shaped object metadata, so that a policy file is also a custom resource.
 *
 * @param name the object's name (DNS-1123 subdomain)
 * @param namespace the namespace; empty for cluster-scoped kinds such as {@link MeshConfig}
 * @param labels free-form labels, kept as written
 * @param annotations free-form annotations, kept as written
 */
public record ObjectMeta(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
  public ObjectMeta {
    Objects.requireNonNull(name, "name");
    namespace = namespace == null ? "" : namespace;
    labels = labels == null ? Map.of() : Collections2.copyOfOrdered(labels);
    annotations = annotations == null ? Map.of() : Collections2.copyOfOrdered(annotations);
  }

  public static ObjectMeta of(String namespace, String name) {
    return new ObjectMeta(name, namespace, Map.of(), Map.of());
  }

  /** "namespace/name", or just the name for cluster-scoped objects. */
  public String qualifiedName() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
