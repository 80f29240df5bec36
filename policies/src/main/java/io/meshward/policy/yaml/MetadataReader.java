package io.meshward.policy.yaml;

import io.meshward.policy.model.ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Reads {@code metadata}, as Kubernetes would: names are DNS-1123, labels have Kubernetes label syntax. */
final class MetadataReader {
  static final List<String> FIELDS = List.of("name", "namespace", "labels", "annotations");

  private MetadataReader() {}

  /**
   * @param namespaced whether the kind lives in a namespace (then {@code namespace} is required) or is
   *     cluster-scoped (then it must be absent)
   */
  static ObjectMeta read(YamlMap document, String kind, boolean namespaced) {
    Optional<YamlMap> metadata = document.requiredObject("metadata", FIELDS);
    String name = metadata.flatMap(m -> m.requiredParsed("name", Names::dnsSubdomain)).orElse("");
    String namespace = "";
    if (namespaced) {
      namespace = metadata.flatMap(m -> m.requiredParsed("namespace", Names::dnsLabel)).orElse("");
    } else {
      metadata.filter(m -> m.has("namespace")).ifPresent(m -> m.error("namespace",
          kind + " is cluster-scoped: remove 'namespace'"));
    }
    Map<String, String> labels = metadata
        .flatMap(m -> m.strings("labels", Names::labelKey, Names::labelValue))
        .orElse(Map.of());
    Map<String, String> annotations = metadata
        .flatMap(m -> m.strings("annotations", UnaryOperator.identity(), UnaryOperator.identity()))
        .orElse(Map.of());
    return new ObjectMeta(name, namespace, labels, annotations);
  }
}
