package io.meshward.policy.yaml;

import io.meshward.policy.model.HeaderMatch;
import io.meshward.policy.model.HttpMatch;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.PathPattern;
import io.meshward.policy.model.RuleAction;
import io.meshward.policy.model.Source;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads one ingress rule: its name, action, sources, ports and HTTP conditions. */
final class IngressRuleReader {
  static final List<String> RULE = List.of("name", "action", "from", "ports", "http");
  static final List<String> HTTP = List.of("methods", "paths", "headers");

  private IngressRuleReader() {}

  static Optional<IngressRule> read(DocumentContext ctx, String path, Node node, String namespace) {
    Optional<YamlMap> opened = YamlMap.open(ctx, path, node, RULE);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    YamlMap rule = opened.get();
    String name = rule.requiredParsed("name", Names::dnsLabel).orElse("");
    RuleAction action = rule.enumValue("action", RuleAction.class).orElse(RuleAction.ALLOW);
    List<Node> sourceItems = rule.list("from").orElse(List.of());
    List<Source> from = new ArrayList<>(sourceItems.size());
    for (int i = 0; i < sourceItems.size(); i++) {
      SourceReader.read(ctx, Values.itemPath(rule.pathOf("from"), i), sourceItems.get(i), namespace)
          .ifPresent(from::add);
    }
    List<Integer> ports = ports(ctx, rule.pathOf("ports"), rule.list("ports").orElse(List.of()));
    // An empty http section matches every request, exactly like an absent one; one spelling keeps comparisons exact.
    Optional<HttpMatch> http = rule.object("http", HTTP).map(IngressRuleReader::http).filter(h -> !h.isEmpty());
    return Optional.of(new IngressRule(name, action, from, ports, http));
  }

  private static List<Integer> ports(DocumentContext ctx, String path, List<Node> items) {
    List<Integer> ports = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String itemPath = Values.itemPath(path, i);
      Values.integer(ctx, itemPath, item, 1, 65535).ifPresent(port -> {
        if (ports.contains(port)) {
          ctx.error(itemPath, item, "port " + port + " is listed twice");
        } else {
          ports.add(port);
        }
      });
    }
    return ports;
  }

  private static HttpMatch http(YamlMap http) {
    DocumentContext ctx = http.context();
    List<String> methods = new ArrayList<>();
    Set<String> seenMethods = new HashSet<>();
    List<Node> methodItems = http.list("methods").orElse(List.of());
    for (int i = 0; i < methodItems.size(); i++) {
      String path = Values.itemPath(http.pathOf("methods"), i);
      Node item = methodItems.get(i);
      Values.parsed(ctx, path, item, HttpSyntax::method).ifPresent(method -> {
        if (seenMethods.add(method)) {
          methods.add(method);
        } else {
          ctx.error(path, item, "method " + method + " is listed twice");
        }
      });
    }
    List<PathPattern> paths = new ArrayList<>();
    List<Node> pathItems = http.list("paths").orElse(List.of());
    for (int i = 0; i < pathItems.size(); i++) {
      Values.parsed(ctx, Values.itemPath(http.pathOf("paths"), i), pathItems.get(i), PathPattern::parse)
          .ifPresent(paths::add);
    }
    List<HeaderMatch> headers = new ArrayList<>();
    List<Node> headerItems = http.list("headers").orElse(List.of());
    for (int i = 0; i < headerItems.size(); i++) {
      HeaderReader.read(ctx, Values.itemPath(http.pathOf("headers"), i), headerItems.get(i)).ifPresent(headers::add);
    }
    return new HttpMatch(methods, paths, headers);
  }
}
