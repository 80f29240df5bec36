package io.meshward.policy.yaml;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed reading of single nodes. Each method either returns the value or reports why it cannot (naming what was
 * expected and what was found) and returns empty; a null node is an error here, since callers that accept absent
 * values check for them first.
 */
final class Values {
  private static final String STANDARD_TAG_PREFIX = "tag:yaml.org,2002:";

  private Values() {}

  static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  /** "a mapping", "a list", "a string", "an integer", ... */
  static String describe(Node node) {
    Tag tag = node.getTag();
    if (node instanceof MappingNode && Tag.MAP.equals(tag)) {
      return "a mapping";
    }
    if (node instanceof SequenceNode && Tag.SEQ.equals(tag)) {
      return "a list";
    }
    if (Tag.STR.equals(tag)) {
      return "a string";
    }
    if (Tag.INT.equals(tag)) {
      return "an integer";
    }
    if (Tag.FLOAT.equals(tag)) {
      return "a floating-point number";
    }
    if (Tag.BOOL.equals(tag)) {
      return "a boolean";
    }
    if (Tag.NULL.equals(tag)) {
      return "null";
    }
    String name = tag.getValue().startsWith(STANDARD_TAG_PREFIX)
        ? "!!" + tag.getValue().substring(STANDARD_TAG_PREFIX.length())
        : tag.getValue();
    return "a value with the unsupported tag " + Quote.escaped(name);
  }

  static Optional<String> string(DocumentContext ctx, String path, Node node) {
    if (!(node instanceof ScalarNode scalar) || !Tag.STR.equals(node.getTag())) {
      boolean quotable = node instanceof ScalarNode
          && (Tag.INT.equals(node.getTag()) || Tag.FLOAT.equals(node.getTag()) || Tag.BOOL.equals(node.getTag()));
      ctx.error(path, node, "expected a string, got " + describe(node) + (quotable ? ": quote it" : ""));
      return Optional.empty();
    }
    String value = scalar.getValue();
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      boolean control = Character.isISOControl(cp) && cp != '\t' && cp != '\n' && cp != '\r';
      if (control || Character.getType(cp) == Character.SURROGATE) {
        ctx.error(path, node, String.format("the string contains U+%04X, which is not allowed", cp));
        return Optional.empty();
      }
    }
    return Optional.of(value);
  }

  /** A string checked (and perhaps canonicalised) by {@code parser}, whose exception message is the error. */
  static <T> Optional<T> parsed(DocumentContext ctx, String path, Node node, Function<String, T> parser) {
    return string(ctx, path, node).flatMap(text -> {
      try {
        return Optional.of(parser.apply(text));
      } catch (IllegalArgumentException e) {
        ctx.error(path, node, e.getMessage());
        return Optional.empty();
      }
    });
  }

  /** An enum constant, named in any case. */
  static <E extends Enum<E>> Optional<E> enumValue(DocumentContext ctx, String path, Node node, Class<E> type) {
    List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    return string(ctx, path, node).flatMap(text -> {
      String upper = text.trim().toUpperCase(Locale.ROOT);
      if (names.contains(upper)) {
        return Optional.of(Enum.valueOf(type, upper));
      }
      ctx.error(path, node, "unknown value " + Quote.value(text) + ": expected one of " + String.join(", ", names)
          + Suggestions.closest(upper, names).map(s -> "; did you mean " + s + "?").orElse(""));
      return Optional.empty();
    });
  }

  static Optional<Integer> integer(DocumentContext ctx, String path, Node node, int min, int max) {
    if (!(node instanceof ScalarNode scalar) || !Tag.INT.equals(node.getTag())) {
      boolean quotedNumber = node instanceof ScalarNode s && Tag.STR.equals(s.getTag())
          && parseInteger(s.getValue()).isPresent();
      ctx.error(path, node, "expected an integer, got " + describe(node)
          + (quotedNumber ? ": remove the quotes" : ""));
      return Optional.empty();
    }
    Optional<BigInteger> value = parseInteger(scalar.getValue());
    if (value.isEmpty()) {
      ctx.error(path, node, Quote.value(scalar.getValue()) + " is not a valid integer");
      return Optional.empty();
    }
    if (value.get().compareTo(BigInteger.valueOf(min)) < 0 || value.get().compareTo(BigInteger.valueOf(max)) > 0) {
      ctx.error(path, node, "must be between " + min + " and " + max + ", got " + Quote.escaped(scalar.getValue()));
      return Optional.empty();
    }
    return Optional.of(value.get().intValueExact());
  }

  static Optional<Boolean> bool(DocumentContext ctx, String path, Node node) {
    if (!(node instanceof ScalarNode scalar) || !Tag.BOOL.equals(node.getTag())) {
      ctx.error(path, node, "expected a boolean (true or false), got " + describe(node));
      return Optional.empty();
    }
    Optional<Boolean> value = KubernetesSchema.booleanValue(scalar.getValue());
    if (value.isEmpty()) {
      ctx.error(path, node, Quote.value(scalar.getValue()) + " is not a valid boolean");
    }
    return value;
  }

  static Optional<MappingNode> mapping(DocumentContext ctx, String path, Node node) {
    if (node instanceof MappingNode mapping && Tag.MAP.equals(node.getTag())) {
      return Optional.of(mapping);
    }
    ctx.error(path, node, "expected a mapping, got " + describe(node));
    return Optional.empty();
  }

  /** The items of a list; records where each item ({@code path[i]}) starts. */
  static Optional<List<Node>> list(DocumentContext ctx, String path, Node node) {
    if (!(node instanceof SequenceNode sequence) || !Tag.SEQ.equals(node.getTag())) {
      ctx.error(path, node, "expected a list, got " + describe(node));
      return Optional.empty();
    }
    List<Node> items = new ArrayList<>(sequence.getValue().size());
    for (Node item : sequence.getValue()) {
      ctx.spend();
      ctx.locate(itemPath(path, items.size()), item);
      items.add(item);
    }
    return Optional.of(items);
  }

  static String itemPath(String path, int index) {
    return path + "[" + index + "]";
  }

  /** YAML 1.2 core integers: decimal with an optional sign, {@code 0o} octal, {@code 0x} hexadecimal. */
  static Optional<BigInteger> parseInteger(String text) {
    if (text.length() > 64) {
      return Optional.empty();
    }
    if (text.startsWith("0x")) {
      return digits(text.substring(2), 16, false);
    }
    if (text.startsWith("0o")) {
      return digits(text.substring(2), 8, false);
    }
    boolean signed = text.startsWith("-") || text.startsWith("+");
    return digits(signed ? text.substring(1) : text, 10, text.startsWith("-"));
  }

  private static Optional<BigInteger> digits(String text, int radix, boolean negative) {
    if (text.isEmpty() || !text.chars().allMatch(c -> Character.digit(c, radix) >= 0 && c < 128)) {
      return Optional.empty();
    }
    BigInteger value = new BigInteger(text, radix);
    return Optional.of(negative ? value.negate() : value);
  }
}
