package io.meshward.policy.yaml;

import io.meshward.policy.model.BodyLimitOutcome;
import io.meshward.policy.model.FailureMode;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.WafProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads a WafProfile; every spec field is optional and defaults to {@link WafProfile.Spec#defaults()}. */
final class WafProfileReader {
  static final List<String> SPEC = List.of("paranoiaLevel", "anomalyThreshold", "body", "failureMode", "timeBudget",
      "allowedMethods", "allowedContentTypes", "exclusions", "extraSecLang", "dlp");
  static final List<String> DLP = List.of("sensors");
  static final List<String> THRESHOLD = List.of("inbound", "outbound");
  static final List<String> BODY = List.of("maxInspectedBytes", "overLimit");
  static final List<String> EXCLUSION = List.of("ruleId", "ruleIdRange", "tag", "target", "reason");
  /** Scores above this are no threshold at all: a request would need a hundred critical findings to reach it. */
  static final int MAX_THRESHOLD = 10_000;
  /** Bodies are inspected in memory; beyond this one inspection could take a large share of the heap. */
  static final int MAX_INSPECTED_BYTES = 64 * 1024 * 1024;
  /** An inspection that takes longer is a stalled request whatever the profile wants. */
  static final Duration MAX_TIME_BUDGET = Duration.ofSeconds(60);

  private WafProfileReader() {}

  static PolicyDocument read(YamlMap document) {
    ObjectMeta metadata = MetadataReader.read(document, WafProfile.KIND, false);
    if (!metadata.name().isEmpty() && !Names.isDnsLabel(metadata.name())) {
      // Routes name profiles in WorkloadPolicy.spec.profiles.waf and MeshConfig inspection.wafProfile, which are
      // DNS labels: a profile with a longer name could never be used.
      document.context().error("metadata.name", "a WafProfile name is a DNS label (lower-case letters, digits and"
          + " '-', at most 63), as routes name it; got " + Quote.value(metadata.name()));
    }
    Optional<YamlMap> spec = document.object("spec", SPEC);
    WafProfile.Spec defaults = WafProfile.Spec.defaults();
    Optional<Duration> budget = spec.flatMap(s -> s.parsed("timeBudget", Durations::parse));
    if (budget.isPresent() && budget.get().compareTo(MAX_TIME_BUDGET) > 0) {
      spec.get().error("timeBudget", "must be at most " + Durations.format(MAX_TIME_BUDGET) + ", got "
          + Durations.format(budget.get()));
    }
    return new WafProfile(metadata, new WafProfile.Spec(
        spec.flatMap(s -> s.integer("paranoiaLevel", 1, 4)).orElse(defaults.paranoiaLevel()),
        threshold(spec.flatMap(s -> s.object("anomalyThreshold", THRESHOLD)), defaults.anomalyThreshold()),
        body(spec.flatMap(s -> s.object("body", BODY)), defaults.body()),
        spec.flatMap(s -> s.enumValue("failureMode", FailureMode.class)).orElse(defaults.failureMode()),
        budget.orElse(defaults.timeBudget()),
        spec.flatMap(s -> strings(s, "allowedMethods", WafSyntax::method)).orElse(defaults.allowedMethods()),
        spec.flatMap(s -> strings(s, "allowedContentTypes", WafSyntax::mediaType))
            .orElse(defaults.allowedContentTypes()),
        spec.map(WafProfileReader::exclusions).orElse(defaults.exclusions()),
        spec.flatMap(s -> s.string("extraSecLang")).orElse(defaults.extraSecLang()),
        spec.flatMap(s -> s.object("dlp", DLP)).flatMap(WafProfileReader::dlp)));
  }

  /**
   * {@code dlp: {sensors: [...]}}: the names must be DNS labels (as DlpSensor names are) and not repeat. An empty list
   * is allowed and means no DLP; whether each name exists is for waf-filter to check, which knows the built-ins.
   */
  private static Optional<WafProfile.Dlp> dlp(YamlMap dlp) {
    Optional<List<Node>> items = dlp.required("sensors").flatMap(node -> dlp.list("sensors"));
    if (items.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < items.get().size(); i++) {
      String path = Values.itemPath(dlp.pathOf("sensors"), i);
      Node node = items.get().get(i);
      Optional<String> name = Values.parsed(dlp.context(), path, node, Names::dnsLabel);
      if (name.isPresent() && names.contains(name.get())) {
        dlp.context().error(path, node, Quote.value(name.get()) + " is listed twice");
        ok = false;
      }
      ok &= name.isPresent();
      name.ifPresent(names::add);
    }
    return ok ? Optional.of(new WafProfile.Dlp(names)) : Optional.empty();
  }

  private static WafProfile.AnomalyThreshold threshold(Optional<YamlMap> section,
                                                       WafProfile.AnomalyThreshold defaults) {
    return new WafProfile.AnomalyThreshold(
        section.flatMap(s -> s.integer("inbound", 1, MAX_THRESHOLD)).orElse(defaults.inbound()),
        section.flatMap(s -> s.integer("outbound", 1, MAX_THRESHOLD)).orElse(defaults.outbound()));
  }

  private static WafProfile.Body body(Optional<YamlMap> section, WafProfile.Body defaults) {
    return new WafProfile.Body(
        section.flatMap(s -> s.integer("maxInspectedBytes", 0, MAX_INSPECTED_BYTES))
            .orElse(defaults.maxInspectedBytes()),
        section.flatMap(s -> s.enumValue("overLimit", BodyLimitOutcome.class)).orElse(defaults.overLimit()));
  }

  /** A non-empty list of checked strings, without repeats; empty (after reporting) when any item is wrong. */
  private static Optional<List<String>> strings(YamlMap spec, String field, Function<String, String> check) {
    Optional<List<Node>> items = spec.list(field);
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty()) {
      spec.error(field, "must not be empty: leave the field out to get the defaults");
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < items.get().size(); i++) {
      String path = Values.itemPath(spec.pathOf(field), i);
      Node node = items.get().get(i);
      Optional<String> value = Values.parsed(spec.context(), path, node, check);
      if (value.isPresent() && values.contains(value.get())) {
        spec.context().error(path, node, Quote.value(value.get()) + " is listed twice");
        ok = false;
      }
      ok &= value.isPresent();
      value.ifPresent(values::add);
    }
    return ok ? Optional.of(values) : Optional.empty();
  }

  private static List<WafProfile.Exclusion> exclusions(YamlMap spec) {
    List<Node> items = spec.list("exclusions").orElse(List.of());
    List<WafProfile.Exclusion> exclusions = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String path = Values.itemPath(spec.pathOf("exclusions"), i);
      YamlMap.open(spec.context(), path, items.get(i), EXCLUSION).flatMap(WafProfileReader::exclusion)
          .ifPresent(exclusions::add);
    }
    return exclusions;
  }

  /** One of: {@code ruleId}; {@code ruleIdRange}; {@code tag}; {@code ruleId} with {@code target}. */
  private static Optional<WafProfile.Exclusion> exclusion(YamlMap item) {
    int kinds = (item.has("ruleId") ? 1 : 0) + (item.has("ruleIdRange") ? 1 : 0) + (item.has("tag") ? 1 : 0);
    if (kinds != 1) {
      item.context().error(item.path(), kinds == 0
          ? "an exclusion names 'ruleId', 'ruleIdRange' or 'tag' (and 'target' with 'ruleId' to exclude one"
              + " variable from one rule)"
          : "an exclusion names one of 'ruleId', 'ruleIdRange' and 'tag', not several: write one item for each");
      return Optional.empty();
    }
    if (item.has("target") && !item.has("ruleId")) {
      item.error("target", "'target' goes with 'ruleId': one variable is excluded from one rule");
      return Optional.empty();
    }
    String reason = item.string("reason").orElse("");
    if (item.has("tag")) {
      return item.parsed("tag", WafSyntax::tag).map(tag -> new WafProfile.Exclusion.Tag(tag, reason));
    }
    if (item.has("ruleIdRange")) {
      return item.parsed("ruleIdRange", WafSyntax::ruleRange)
          .map(range -> new WafProfile.Exclusion.Rules(range[0], range[1], reason));
    }
    Optional<Integer> id = item.integer("ruleId", 1, WafSyntax.MAX_RULE_ID);
    if (item.has("target")) {
      Optional<String> target = item.parsed("target", WafSyntax::target);
      return id.flatMap(rule -> target.map(t -> new WafProfile.Exclusion.Target(rule, t, reason)));
    }
    return id.map(rule -> new WafProfile.Exclusion.Rules(rule, rule, reason));
  }
}
