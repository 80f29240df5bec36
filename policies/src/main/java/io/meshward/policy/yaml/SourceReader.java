package io.meshward.policy.yaml;

import io.meshward.policy.model.Source;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads one item of a rule's {@code from}: a mapping with exactly one of principal, serviceAccount, namespace or
 * cidr. One key per item keeps each item one alternative; two keys would read as "and" to some and "or" to others.
 */
final class SourceReader {
  static final List<String> KINDS = List.of("principal", "serviceAccount", "namespace", "cidr");

  private SourceReader() {}

  /** @param namespace the policy's namespace, which a service account without one belongs to */
  static Optional<Source> read(DocumentContext ctx, String path, Node node, String namespace) {
    Optional<YamlMap> opened = YamlMap.open(ctx, path, node, KINDS);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    YamlMap source = opened.get();
    List<String> present = KINDS.stream().filter(source::has).toList();
    if (present.size() != 1) {
      ctx.error(path, node, present.isEmpty()
          ? "a source needs one of " + String.join(", ", KINDS)
          : "a source has exactly one of " + String.join(", ", KINDS) + ", but this one has "
              + String.join(" and ", present) + ": write each as its own list item");
      return Optional.empty();
    }
    String kind = present.get(0);
    return switch (kind) {
      case "principal" -> source.parsed(kind, SpiffeIds::workloadId).map(Source.Principal::new);
      case "serviceAccount" -> source.parsed(kind, text -> serviceAccount(text, namespace));
      case "namespace" -> source.parsed(kind, Names::dnsLabel).map(Source.Namespace::new);
      default -> source.parsed(kind, Cidrs::parse);
    };
  }

  /** "namespace/name", or "name" for a service account of the policy's own namespace. */
  static Source.ServiceAccount serviceAccount(String text, String ownNamespace) {
    int slash = text.indexOf('/');
    String namespace = slash < 0 ? ownNamespace : text.substring(0, slash);
    String name = text.substring(slash + 1);
    if ((slash >= 0 && !Names.isDnsLabel(namespace)) || !Names.isDnsSubdomain(name)) {
      throw new IllegalArgumentException("invalid service account " + Quote.value(text) + ": expected"
          + " namespace/name or name, the namespace a DNS-1123 label and the name a DNS-1123 subdomain");
    }
    return new Source.ServiceAccount(namespace, name);
  }
}
