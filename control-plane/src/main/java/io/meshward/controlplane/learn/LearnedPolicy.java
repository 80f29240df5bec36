package io.meshward.controlplane.learn;

import io.meshward.policy.model.HttpMatch;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.PathPattern;
import io.meshward.policy.model.RuleAction;
import io.meshward.policy.model.Source;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The learned edges of a workload as a {@link WorkloadPolicy} an operator can review, commit and apply: one ALLOW rule
 * per source, port and method (with the method's path templates), one per source and port for TCP. Nothing broader
 * than what was seen: a rule's methods and paths are not crossed with other rules'. Pure function.
 *
 * <p>Sources are principals, or a /32 (/128) CIDR for flows that carried only an address. A template that is not a
 * valid path pattern (a {@code **} after a placeholder, which only paths too long to read produce) becomes the prefix
 * before its first placeholder followed by {@code **}: broader, and visible in review.
 */
public final class LearnedPolicy {
  private LearnedPolicy() {}

  /**
   * The policy named {@code <workload>-learned} that allows the {@link EdgeState#ALLOWED} ones of {@code edges} into
   * {@code workloadRef}; proposals and rejected edges are left out.
   */
  public static WorkloadPolicy export(String workloadRef, List<EdgeHistory> edges) {
    int slash = workloadRef.indexOf('/');
    if (slash <= 0 || slash == workloadRef.length() - 1) {
      throw new IllegalArgumentException("a workload is NAMESPACE/NAME, got '" + workloadRef + "'");
    }
    String namespace = workloadRef.substring(0, slash);
    String workload = workloadRef.substring(slash + 1);
    return new WorkloadPolicy(ObjectMeta.of(namespace, workload + "-learned"),
        new WorkloadPolicy.Spec(WorkloadPolicy.Selector.byWorkload(workload), Optional.empty(),
            rules(edges, "learned-"), WorkloadPolicy.Profiles.NONE));
  }

  /**
   * The learned allowlist as rules to add to the workload's own: the same rules as {@link #export}, named
   * {@code learned:N} (a colon no written rule name has, so they never collide).
   */
  public static List<IngressRule> allowlist(List<EdgeHistory> edges) {
    return rules(edges, "learned:");
  }

  private static List<IngressRule> rules(List<EdgeHistory> edges, String namePrefix) {
    // source -> port -> method ("" for TCP) -> path templates
    Map<String, Map<Integer, Map<String, TreeSet<String>>>> grouped = new TreeMap<>();
    Map<String, SourceIdentity> sources = new TreeMap<>();
    for (EdgeHistory history : edges) {
      if (history.state() != EdgeState.ALLOWED) {
        continue;
      }
      LearnedEdge edge = history.edge();
      sources.put(edge.source().value(), edge.source());
      TreeSet<String> paths = grouped.computeIfAbsent(edge.source().value(), s -> new TreeMap<>())
          .computeIfAbsent(edge.port(), p -> new TreeMap<>())
          .computeIfAbsent(edge.method() == null ? "" : edge.method(), m -> new TreeSet<>());
      if (edge.pathTemplate() != null) {
        paths.add(pattern(edge.pathTemplate()));
      }
    }
    List<IngressRule> rules = new ArrayList<>();
    grouped.forEach((source, byPort) -> byPort.forEach((port, byMethod) -> byMethod.forEach((method, paths) -> {
      Optional<HttpMatch> http = method.isEmpty() ? Optional.empty()
          : Optional.of(new HttpMatch(List.of(method), paths.stream().map(PathPattern::parse).toList(), List.of()));
      List<Integer> ports = port == 0 ? List.of() : List.of(port);
      rules.add(new IngressRule(namePrefix + (rules.size() + 1), RuleAction.ALLOW,
          List.of(source(sources.get(source))), ports, http));
    })));
    return rules;
  }

  private static Source source(SourceIdentity identity) {
    if (identity.kind() == SourceIdentity.Kind.PRINCIPAL) {
      return new Source.Principal(identity.value());
    }
    return new Source.Cidr(identity.value(), identity.value().indexOf(':') >= 0 ? 128 : 32);
  }

  /** The template as a valid path pattern (see the class comment). */
  static String pattern(String template) {
    try {
      PathPattern.parse(template);
      return template;
    } catch (IllegalArgumentException e) {
      String[] segments = template.substring(1).split("/", -1);
      StringBuilder prefix = new StringBuilder();
      for (String segment : segments) {
        if (SegmentShape.isPlaceholder(segment) || segment.equals(PathTemplater.REST)) {
          break;
        }
        prefix.append('/').append(segment);
      }
      return prefix + "/**";
    }
  }
}
