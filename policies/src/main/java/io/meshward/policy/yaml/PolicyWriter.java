package io.meshward.policy.yaml;

import io.meshward.policy.model.DlpSensorDocument;
import io.meshward.policy.model.HeaderMatch;
import io.meshward.policy.model.HttpMatch;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.PathPattern;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.Source;
import io.meshward.policy.model.WafProfile;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.NonPrintableStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;

/**
 * Writes documents in their canonical form: fields in a fixed order, absent and empty optional fields left out, every
 * value in one spelling. Equal documents therefore always give equal bytes, which keeps diffs and exports stable.
 */
final class PolicyWriter {
  private final DumpSettings settings = DumpSettings.builder()
      .setDefaultFlowStyle(FlowStyle.BLOCK)
      .setIndent(2)
      .setIndicatorIndent(2)
      .setIndentWithIndicator(true)
      .setWidth(Integer.MAX_VALUE)
      .setSplitLines(false)
      .setNonPrintableStyle(NonPrintableStyle.ESCAPE)
      .setDereferenceAliases(true)
      // The reader's schema, so that strings it would read as anything else ("yes", "1.0", "~") are quoted.
      .setSchema(new KubernetesSchema())
      .build();

  String write(PolicyDocument document) {
    return new Dump(settings, new QuotingRepresenter(settings)).dumpToString(tree(document));
  }

  /**
   * Writes strings with line breaks double-quoted, with escapes. The emitter would choose a literal block for them,
   * but for some (a string of only line breaks inside a list) it writes a block the reader rejects; and a quoted
   * string also keeps carriage returns and trailing spaces visible. Strings without line breaks are left to the
   * emitter, which quotes them when the schema would read them as something else.
   */
  private static final class QuotingRepresenter extends StandardRepresenter {
    QuotingRepresenter(DumpSettings settings) {
      super(settings);
      representers.put(String.class, data -> {
        String text = (String) data;
        boolean multiLine = text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        return new ScalarNode(Tag.STR, text, multiLine ? ScalarStyle.DOUBLE_QUOTED : ScalarStyle.PLAIN);
      });
    }
  }

  private static Map<String, Object> tree(PolicyDocument document) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("apiVersion", PolicyDocument.API_VERSION);
    out.put("kind", document.kind());
    out.put("metadata", metadata(document.metadata()));
    if (document instanceof MeshConfig config) {
      out.put("spec", meshConfigSpec(config.spec()));
    } else if (document instanceof WorkloadPolicy policy) {
      out.put("spec", workloadPolicySpec(policy.spec()));
    } else if (document instanceof WafProfile profile) {
      out.put("spec", wafProfileSpec(profile.spec()));
    } else if (document instanceof DlpSensorDocument sensor) {
      out.put("spec", dlpSensorSpec(sensor.spec()));
    }
    return out;
  }

  private static Map<String, Object> metadata(ObjectMeta metadata) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", metadata.name());
    putUnlessEmpty(out, "namespace", metadata.namespace());
    putUnlessEmpty(out, "labels", metadata.labels());
    putUnlessEmpty(out, "annotations", metadata.annotations());
    return out;
  }

  /** Written in full, defaults included, so that an export shows the configuration in force. */
  private static Map<String, Object> meshConfigSpec(MeshConfig.Spec spec) {
    Map<String, Object> inspection = new LinkedHashMap<>();
    inspection.put("failureMode", spec.inspection().failureMode().name());
    inspection.put("wafFilterAddress", spec.inspection().wafFilterAddress());
    inspection.put("maxRequestBodyBytes", spec.inspection().maxRequestBodyBytes());
    inspection.put("timeout", Durations.format(spec.inspection().timeout()));
    inspection.put("wafProfile", spec.inspection().wafProfile());
    inspection.put("dlpProfile", spec.inspection().dlpProfile());
    Map<String, Object> autoPromotion = new LinkedHashMap<>();
    autoPromotion.put("enabled", spec.autoPromotion().enabled());
    autoPromotion.put("learnToMonitorAfter", Durations.format(spec.autoPromotion().learnToMonitorAfter()));
    autoPromotion.put("monitorToEnforceAfter", Durations.format(spec.autoPromotion().monitorToEnforceAfter()));
    Map<String, Object> quarantine = new LinkedHashMap<>();
    quarantine.put("enabled", spec.quarantine().enabled());
    quarantine.put("events", spec.quarantine().events());
    quarantine.put("minSeverity", spec.quarantine().minSeverity().name());
    quarantine.put("window", Durations.format(spec.quarantine().window()));
    quarantine.put("duration", Durations.format(spec.quarantine().duration()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("defaultMode", spec.defaultMode().name());
    out.put("trustDomain", spec.trustDomain());
    out.put("inspection", inspection);
    out.put("autoPromotion", autoPromotion);
    out.put("quarantine", quarantine);
    return out;
  }

  /** Written in full, defaults included, like a MeshConfig: an export shows how routes are inspected. */
  private static Map<String, Object> wafProfileSpec(WafProfile.Spec spec) {
    Map<String, Object> threshold = new LinkedHashMap<>();
    threshold.put("inbound", spec.anomalyThreshold().inbound());
    threshold.put("outbound", spec.anomalyThreshold().outbound());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("maxInspectedBytes", spec.body().maxInspectedBytes());
    body.put("overLimit", spec.body().overLimit().name());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("paranoiaLevel", spec.paranoiaLevel());
    out.put("anomalyThreshold", threshold);
    out.put("body", body);
    out.put("failureMode", spec.failureMode().name());
    out.put("timeBudget", Durations.format(spec.timeBudget()));
    out.put("allowedMethods", spec.allowedMethods());
    out.put("allowedContentTypes", spec.allowedContentTypes());
    putUnlessEmpty(out, "exclusions", spec.exclusions().stream().map(PolicyWriter::exclusion).toList());
    putUnlessEmpty(out, "extraSecLang", spec.extraSecLang());
    // Written with an empty list too: "sensors: []" (no DLP) is not the absent field (the default sensors).
    spec.dlp().ifPresent(dlp -> out.put("dlp", new LinkedHashMap<>(Map.of("sensors", dlp.sensors()))));
    return out;
  }

  /** Written in full, defaults included, like a WafProfile: an export shows what the sensor does. */
  private static Map<String, Object> dlpSensorSpec(DlpSensorDocument.Spec spec) {
    Map<String, Object> mask = new LinkedHashMap<>();
    mask.put("char", String.valueOf(spec.mask().character()));
    mask.put("keepLast", spec.mask().keepLast());
    mask.put("keepSeparators", spec.mask().keepSeparators());
    Map<String, Object> out = new LinkedHashMap<>();
    putUnlessEmpty(out, "description", spec.description());
    out.put("patterns", spec.patterns().stream().map(PolicyWriter::dlpPattern).toList());
    out.put("locations", spec.locations().stream().map(DlpSensorDocument.Location::configName).toList());
    out.put("minMatches", spec.minMatches());
    out.put("action", spec.action().configName());
    out.put("mask", mask);
    out.put("enabledByDefault", spec.enabledByDefault());
    return out;
  }

  private static Map<String, Object> dlpPattern(DlpSensorDocument.Pattern pattern) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", pattern.name());
    out.put("regex", pattern.regex());
    out.put("validator", pattern.validator().configName());
    if (pattern.maxLength() > 0) {
      out.put("maxLength", pattern.maxLength());
    }
    return out;
  }

  private static Map<String, Object> exclusion(WafProfile.Exclusion exclusion) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (exclusion instanceof WafProfile.Exclusion.Rules rules) {
      if (rules.first() == rules.last()) {
        out.put("ruleId", rules.first());
      } else {
        out.put("ruleIdRange", rules.first() + "-" + rules.last());
      }
    } else if (exclusion instanceof WafProfile.Exclusion.Tag tag) {
      out.put("tag", tag.tag());
    } else if (exclusion instanceof WafProfile.Exclusion.Target target) {
      out.put("ruleId", target.ruleId());
      out.put("target", target.target());
    }
    putUnlessEmpty(out, "reason", exclusion.reason());
    return out;
  }

  private static Map<String, Object> workloadPolicySpec(WorkloadPolicy.Spec spec) {
    Map<String, Object> selector = new LinkedHashMap<>();
    spec.selector().workload().ifPresent(name -> selector.put("workload", name));
    if (spec.selector().workload().isEmpty()) {
      // Written even when empty: "matchLabels: {}" selects every workload of the namespace.
      selector.put("matchLabels", new LinkedHashMap<>(spec.selector().matchLabels().orElse(Map.of())));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("selector", selector);
    spec.mode().ifPresent(mode -> out.put("mode", mode.name()));
    putUnlessEmpty(out, "ingress", spec.ingress().stream().map(PolicyWriter::rule).toList());
    Map<String, Object> profiles = new LinkedHashMap<>();
    spec.profiles().waf().ifPresent(waf -> profiles.put("waf", waf));
    spec.profiles().dlp().ifPresent(dlp -> profiles.put("dlp", dlp));
    putUnlessEmpty(out, "profiles", profiles);
    spec.autoPromotion().ifPresent(promotion -> {
      Map<String, Object> autoPromotion = new LinkedHashMap<>();
      autoPromotion.put("enabled", promotion.enabled());
      autoPromotion.put("learnToMonitorAfter", Durations.format(promotion.learnToMonitorAfter()));
      autoPromotion.put("monitorToEnforceAfter", Durations.format(promotion.monitorToEnforceAfter()));
      out.put("autoPromotion", autoPromotion);
    });
    return out;
  }

  private static Map<String, Object> rule(IngressRule rule) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", rule.name());
    out.put("action", rule.action().name());
    putUnlessEmpty(out, "from", rule.from().stream().map(PolicyWriter::source).toList());
    putUnlessEmpty(out, "ports", rule.ports());
    rule.http().filter(http -> !http.isEmpty()).ifPresent(http -> out.put("http", http(http)));
    return out;
  }

  private static Map<String, Object> source(Source source) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (source instanceof Source.Principal principal) {
      out.put("principal", principal.spiffeId());
    } else if (source instanceof Source.ServiceAccount account) {
      out.put("serviceAccount", account.namespace() + "/" + account.name());
    } else if (source instanceof Source.Namespace namespace) {
      out.put("namespace", namespace.name());
    } else if (source instanceof Source.Cidr cidr) {
      out.put("cidr", cidr.addressPrefix() + "/" + cidr.prefixLength());
    }
    return out;
  }

  private static Map<String, Object> http(HttpMatch http) {
    Map<String, Object> out = new LinkedHashMap<>();
    putUnlessEmpty(out, "methods", http.methods().stream().map(m -> m.toUpperCase(Locale.ROOT)).toList());
    putUnlessEmpty(out, "paths", http.paths().stream().map(PathPattern::text).toList());
    putUnlessEmpty(out, "headers", http.headers().stream().map(PolicyWriter::header).toList());
    return out;
  }

  private static Map<String, Object> header(HeaderMatch header) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", header.name().toLowerCase(Locale.ROOT));
    switch (header.kind()) {
      case EXACT -> out.put("exact", header.value());
      case PREFIX -> out.put("prefix", header.value());
      case PRESENT -> out.put("present", true);
    }
    return out;
  }

  private static void putUnlessEmpty(Map<String, Object> out, String field, Object value) {
    boolean empty = (value instanceof String s && s.isEmpty())
        || (value instanceof Map<?, ?> m && m.isEmpty())
        || (value instanceof List<?> l && l.isEmpty());
    if (!empty) {
      out.put(field, value instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : value);
    }
  }
}
