package io.meshward.policy.yaml;

import io.meshward.policy.model.DocumentKey;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A document's name for its error messages ("WorkloadPolicy shop/payments"), taken from its tree before it is
 * validated, so that even the errors in its metadata say which document they are about. Lenient: whatever is not
 * plainly there is left out.
 */
final class DocumentNames {
  private DocumentNames() {}

  static String peek(Node root) {
    Optional<String> kind = scalar(root, "kind").filter(DocumentReader.KINDS::contains);
    if (kind.isEmpty()) {
      return "";
    }
    Optional<Node> metadata = field(root, "metadata");
    Optional<String> name = metadata.flatMap(m -> scalar(m, "name"));
    Optional<String> namespace = metadata.flatMap(m -> scalar(m, "namespace"));
    return name.map(n -> new DocumentKey(kind.get(), namespace.orElse(""), n).toString())
        .map(Quote::escaped)
        .orElse(kind.get());
  }

  private static Optional<String> scalar(Node mapping, String name) {
    return field(mapping, name)
        .filter(node -> node instanceof ScalarNode && Tag.STR.equals(node.getTag()))
        .map(node -> ((ScalarNode) node).getValue())
        .filter(value -> !value.isEmpty());
  }

  private static Optional<Node> field(Node mapping, String name) {
    if (!(mapping instanceof MappingNode map)) {
      return Optional.empty();
    }
    for (NodeTuple tuple : map.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(name)) {
        return Optional.of(tuple.getValueNode());
      }
    }
    return Optional.empty();
  }
}
