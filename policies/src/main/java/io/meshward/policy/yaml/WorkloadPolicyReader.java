package io.meshward.policy.yaml;

import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads a WorkloadPolicy: selector, mode, ingress allowlist, profiles and auto-promotion. */
final class WorkloadPolicyReader {
  static final List<String> SPEC = List.of("selector", "mode", "ingress", "profiles", "autoPromotion");
  static final List<String> SELECTOR = List.of("workload", "matchLabels");
  static final List<String> PROFILES = List.of("waf", "dlp");
  /** Stands in for a selector that could not be read; the document is rejected anyway. */
  private static final WorkloadPolicy.Selector UNREADABLE = WorkloadPolicy.Selector.byLabels(Map.of());

  private WorkloadPolicyReader() {}

  static PolicyDocument read(YamlMap document) {
    ObjectMeta metadata = MetadataReader.read(document, WorkloadPolicy.KIND, true);
    Optional<YamlMap> spec = document.requiredObject("spec", SPEC);
    return new WorkloadPolicy(metadata, new WorkloadPolicy.Spec(
        spec.flatMap(s -> s.requiredObject("selector", SELECTOR)).flatMap(WorkloadPolicyReader::selector)
            .orElse(UNREADABLE),
        spec.flatMap(s -> s.enumValue("mode", Mode.class)),
        spec.map(s -> ingress(s, metadata.namespace())).orElse(List.of()),
        spec.flatMap(s -> s.object("profiles", PROFILES)).map(WorkloadPolicyReader::profiles)
            .orElse(WorkloadPolicy.Profiles.NONE),
        // Fields left out take the built-in defaults (not the mesh config's: a policy reads the same everywhere).
        spec.flatMap(s -> s.object("autoPromotion", MeshConfigReader.AUTO_PROMOTION))
            .map(section -> MeshConfigReader.autoPromotion(Optional.of(section),
                io.meshward.policy.model.MeshConfig.AutoPromotion.defaults()))));
  }

  private static Optional<WorkloadPolicy.Selector> selector(YamlMap selector) {
    boolean byName = selector.has("workload");
    boolean byLabels = selector.has("matchLabels");
    if (byName == byLabels) {
      selector.context().error(selector.path(), byName
          ? "a selector has either 'workload' or 'matchLabels', not both"
          : "a selector needs 'workload' or 'matchLabels' ('matchLabels: {}' selects every workload of the namespace)");
      return Optional.empty();
    }
    if (byName) {
      return selector.parsed("workload", Names::dnsLabel).map(WorkloadPolicy.Selector::byWorkload);
    }
    return selector.strings("matchLabels", Names::labelKey, Names::labelValue)
        .map(WorkloadPolicy.Selector::byLabels);
  }

  private static List<IngressRule> ingress(YamlMap spec, String namespace) {
    List<Node> items = spec.list("ingress").orElse(List.of());
    List<IngressRule> rules = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String path = Values.itemPath(spec.pathOf("ingress"), i);
      IngressRuleReader.read(spec.context(), path, items.get(i), namespace).ifPresent(rules::add);
    }
    return rules;
  }

  private static WorkloadPolicy.Profiles profiles(YamlMap profiles) {
    return new WorkloadPolicy.Profiles(
        profiles.parsed("waf", Names::dnsLabel),
        profiles.parsed("dlp", Names::dnsLabel));
  }
}
