package io.meshward.policy.yaml;

import io.meshward.policy.model.DlpSensorDocument;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.WafProfile;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads one document: checks apiVersion and kind, then hands the rest to the reader of that kind. */
final class DocumentReader {
  static final List<String> FIELDS = List.of("apiVersion", "kind", "metadata", "spec");
  static final List<String> KINDS = List.of(DlpSensorDocument.KIND, MeshConfig.KIND, WafProfile.KIND,
      WorkloadPolicy.KIND);

  private DocumentReader() {}

  /** The document, or empty when any error was reported for it. */
  static Optional<PolicyDocument> read(DocumentContext ctx, Node root) {
    ctx.locate("", root);
    if (!(root instanceof MappingNode)) {
      ctx.error("", root, "expected a mapping with apiVersion, kind, metadata and spec, got "
          + Values.describe(root));
      return Optional.empty();
    }
    Optional<YamlMap> opened = YamlMap.open(ctx, "", root, FIELDS);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    YamlMap document = opened.get();
    document.requiredParsed("apiVersion", DocumentReader::apiVersion);
    Optional<PolicyDocument> result = document.requiredParsed("kind", DocumentReader::kind)
        .flatMap(kind -> switch (kind) {
          case DlpSensorDocument.KIND -> DlpSensorReader.read(document);
          case MeshConfig.KIND -> Optional.of(MeshConfigReader.read(document));
          case WafProfile.KIND -> Optional.of(WafProfileReader.read(document));
          default -> Optional.of(WorkloadPolicyReader.read(document));
        });
    return ctx.failed() ? Optional.empty() : result;
  }

  private static String apiVersion(String text) {
    if (!text.equals(PolicyDocument.API_VERSION)) {
      throw new IllegalArgumentException("unsupported apiVersion " + Quote.value(text) + ": the supported apiVersion is "
          + PolicyDocument.API_VERSION);
    }
    return text;
  }

  private static String kind(String text) {
    if (!KINDS.contains(text)) {
      throw new IllegalArgumentException("unknown kind " + Quote.value(text) + ": known kinds are "
          + String.join(", ", KINDS)
          + Suggestions.closest(text, KINDS).map(k -> "; did you mean " + k + "?").orElse(""));
    }
    return text;
  }
}
