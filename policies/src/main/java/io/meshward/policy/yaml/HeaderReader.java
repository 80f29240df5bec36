package io.meshward.policy.yaml;

import io.meshward.policy.model.HeaderMatch;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads one header condition: a name and exactly one of {@code exact}, {@code prefix} or {@code present: true}. */
final class HeaderReader {
  static final List<String> FIELDS = List.of("name", "exact", "prefix", "present");
  private static final List<String> CONDITIONS = List.of("exact", "prefix", "present");

  private HeaderReader() {}

  static Optional<HeaderMatch> read(DocumentContext ctx, String path, Node node) {
    Optional<YamlMap> opened = YamlMap.open(ctx, path, node, FIELDS);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    YamlMap header = opened.get();
    Optional<String> name = header.requiredParsed("name", HttpSyntax::headerName);
    List<String> present = CONDITIONS.stream().filter(header::has).toList();
    if (present.size() != 1) {
      ctx.error(path, node, "a header condition has exactly one of exact, prefix or present"
          + (present.isEmpty() ? "" : ", but this one has " + String.join(" and ", present)));
      return Optional.empty();
    }
    Optional<HeaderMatch> match = switch (present.get(0)) {
      case "exact" -> header.parsed("exact", HttpSyntax::headerValue)
          .flatMap(value -> name.map(n -> new HeaderMatch(n, HeaderMatch.Kind.EXACT, value)));
      case "prefix" -> header.parsed("prefix", HttpSyntax::headerPrefix)
          .flatMap(value -> name.map(n -> new HeaderMatch(n, HeaderMatch.Kind.PREFIX, value)));
      default -> header.bool("present").flatMap(isTrue -> {
        if (!isTrue) {
          header.error("present", "can only be true: to not require the header, leave the condition out");
          return Optional.empty();
        }
        return name.map(n -> new HeaderMatch(n, HeaderMatch.Kind.PRESENT, ""));
      });
    };
    return match;
  }
}
