package io.meshward.policy.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML mapping read as an object with a fixed set of fields. Opening one reports unknown and duplicate fields and
 * records where each field is; the accessors return typed values, reporting wrong types. A field that is absent or
 * null ({@code mode:} or {@code mode: ~}) counts as absent.
 */
final class YamlMap {
  private final DocumentContext ctx;
  private final String path;
  private final Map<String, NodeTuple> fields;

  private YamlMap(DocumentContext ctx, String path, Map<String, NodeTuple> fields) {
    this.ctx = ctx;
    this.path = path;
    this.fields = fields;
  }

  /** Opens {@code node} as an object with the fields {@code known}, reporting every field that is not. */
  static Optional<YamlMap> open(DocumentContext ctx, String path, Node node, List<String> known) {
    return Values.mapping(ctx, path, node).map(mapping -> {
      Map<String, NodeTuple> fields = entries(ctx, path, mapping);
      for (Map.Entry<String, NodeTuple> field : fields.entrySet()) {
        String name = field.getKey();
        Node key = field.getValue().getKeyNode();
        Node value = field.getValue().getValueNode();
        if (!known.contains(name)) {
          ctx.error(childPath(path, name), key, Suggestions.unknownField(name, known));
        } else {
          // A scalar is best pointed at by its value; a list or mapping by its key, on the line that names it.
          ctx.locate(childPath(path, name), value instanceof ScalarNode && !Values.isNull(value) ? value : key);
        }
      }
      return new YamlMap(ctx, path, fields);
    });
  }

  /**
   * Reads a mapping of strings to strings (labels, annotations, matchLabels), checking keys and values with the given
   * functions, whose exception messages are the errors.
   */
  static Optional<Map<String, String>> strings(DocumentContext ctx, String path, Node node,
                                               UnaryOperator<String> keyCheck, UnaryOperator<String> valueCheck) {
    return Values.mapping(ctx, path, node).flatMap(mapping -> {
      Map<String, String> result = new LinkedHashMap<>();
      boolean ok = true;
      for (Map.Entry<String, NodeTuple> entry : entries(ctx, path, mapping).entrySet()) {
        String entryPath = childPath(path, entry.getKey());
        Node keyNode = entry.getValue().getKeyNode();
        Node valueNode = entry.getValue().getValueNode();
        ctx.locate(entryPath, valueNode);
        Optional<String> key = check(ctx, entryPath, keyNode, entry.getKey(), keyCheck);
        Optional<String> value = Values.parsed(ctx, entryPath, valueNode, valueCheck);
        ok &= key.isPresent() && value.isPresent();
        if (ok) {
          result.put(key.get(), value.get());
        }
      }
      return ok ? Optional.of(result) : Optional.empty();
    });
  }

  /** The string-keyed entries of a mapping in their order; reports keys that are not strings, and repeated keys. */
  private static Map<String, NodeTuple> entries(DocumentContext ctx, String path, MappingNode mapping) {
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      ctx.spend();
      Node key = tuple.getKeyNode();
      if (!(key instanceof ScalarNode scalar) || !Tag.STR.equals(key.getTag())) {
        ctx.error(path, key, "expected a field name (a string), got " + Values.describe(key));
        continue;
      }
      NodeTuple first = entries.putIfAbsent(scalar.getValue(), tuple);
      if (first != null) {
        ctx.error(childPath(path, scalar.getValue()), key, "duplicate field " + Quote.field(scalar.getValue())
            + ": it is already set at line " + DocumentContext.locationOf(first.getKeyNode()).line());
      }
    }
    return entries;
  }

  private static Optional<String> check(DocumentContext ctx, String path, Node node, String text,
                                        UnaryOperator<String> check) {
    try {
      return Optional.of(check.apply(text));
    } catch (IllegalArgumentException e) {
      ctx.error(path, node, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * "spec.ingress" for field "ingress" of "spec"; keys that are not plain words are bracketed and quoted, such as
   * {@code metadata.labels["app.kubernetes.io/name"]}, so that a path always reads back unambiguously.
   */
  static String childPath(String path, String field) {
    boolean word = !field.isEmpty() && field.length() <= Quote.MAX_SHOWN && field.chars()
        .allMatch(c -> Names.isAsciiLetter((char) c) || Names.isDigit((char) c) || c == '_' || c == '-');
    if (!word) {
      return path + "[" + Quote.value(field) + "]";
    }
    return path.isEmpty() ? field : path + "." + field;
  }

  String path() {
    return path;
  }

  String pathOf(String field) {
    return childPath(path, field);
  }

  /** The value of a field, empty when absent or null. */
  Optional<Node> value(String field) {
    NodeTuple tuple = fields.get(field);
    return tuple == null || Values.isNull(tuple.getValueNode()) ? Optional.empty() : Optional.of(tuple.getValueNode());
  }

  boolean has(String field) {
    return value(field).isPresent();
  }

  /** Reports that a required field is absent. */
  void missing(String field) {
    ctx.error(pathOf(field), "missing required field " + Quote.field(field));
  }

  /** The value of a required field; reports it missing when absent. */
  Optional<Node> required(String field) {
    Optional<Node> value = value(field);
    if (value.isEmpty()) {
      missing(field);
    }
    return value;
  }

  Optional<String> string(String field) {
    return value(field).flatMap(node -> Values.string(ctx, pathOf(field), node));
  }

  <T> Optional<T> parsed(String field, Function<String, T> parser) {
    return value(field).flatMap(node -> Values.parsed(ctx, pathOf(field), node, parser));
  }

  <T> Optional<T> requiredParsed(String field, Function<String, T> parser) {
    return required(field).flatMap(node -> Values.parsed(ctx, pathOf(field), node, parser));
  }

  <E extends Enum<E>> Optional<E> enumValue(String field, Class<E> type) {
    return value(field).flatMap(node -> Values.enumValue(ctx, pathOf(field), node, type));
  }

  Optional<Integer> integer(String field, int min, int max) {
    return value(field).flatMap(node -> Values.integer(ctx, pathOf(field), node, min, max));
  }

  Optional<Boolean> bool(String field) {
    return value(field).flatMap(node -> Values.bool(ctx, pathOf(field), node));
  }

  Optional<YamlMap> object(String field, List<String> known) {
    return value(field).flatMap(node -> open(ctx, pathOf(field), node, known));
  }

  Optional<YamlMap> requiredObject(String field, List<String> known) {
    return required(field).flatMap(node -> open(ctx, pathOf(field), node, known));
  }

  Optional<List<Node>> list(String field) {
    return value(field).flatMap(node -> Values.list(ctx, pathOf(field), node));
  }

  Optional<Map<String, String>> strings(String field, UnaryOperator<String> keyCheck,
                                        UnaryOperator<String> valueCheck) {
    return value(field).flatMap(node -> strings(ctx, pathOf(field), node, keyCheck, valueCheck));
  }

  /** Reports an error about a field that is present. */
  void error(String field, String message) {
    ctx.error(pathOf(field), value(field).orElse(null), message);
  }

  DocumentContext context() {
    return ctx;
  }
}
