package io.meshward.policy.model;

/** One YAML document of the meshward API: a {@code kind} with Kubernetes-shaped metadata and a spec. */
public sealed interface PolicyDocument permits DlpSensorDocument, MeshConfig, WafProfile, WorkloadPolicy {
  String API_VERSION = "meshward.io/v1alpha1";

  String kind();

  ObjectMeta metadata();

  /** The identity of the document in a store: kind plus qualified name. */
  default DocumentKey key() {
    return new DocumentKey(kind(), metadata().namespace(), metadata().name());
  }
}
