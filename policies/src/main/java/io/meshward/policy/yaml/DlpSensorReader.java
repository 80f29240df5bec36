package io.meshward.policy.yaml;

import io.meshward.policy.model.DlpSensorDocument;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.PolicyDocument;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a DlpSensor. {@code patterns}, {@code locations} and {@code action} are required: a sensor without them would
 * find nothing or do nothing the operator chose. The rest default: one match fires, every letter and digit is masked,
 * and the sensor is off unless a profile names it (so that defining a sensor never changes the profiles that rely on
 * the default set).
 */
final class DlpSensorReader {
  static final List<String> SPEC = List.of("description", "patterns", "locations", "minMatches", "action", "mask",
      "enabledByDefault");
  static final List<String> PATTERN = List.of("name", "regex", "validator", "maxLength");
  static final List<String> MASK = List.of("char", "keepLast", "keepSeparators");
  /** Every pattern joins one automaton per location; more than this many in one sensor is a mistake. */
  static final int MAX_PATTERNS = 64;
  /** Matches counted in one location of one exchange; a larger count could never be reached in a bounded body. */
  static final int MAX_MIN_MATCHES = 10_000;

  private DlpSensorReader() {}

  static Optional<PolicyDocument> read(YamlMap document) {
    ObjectMeta metadata = MetadataReader.read(document, DlpSensorDocument.KIND, false);
    if (!metadata.name().isEmpty() && !Names.isDnsLabel(metadata.name())) {
      // Profiles name sensors in WafProfile.spec.dlp.sensors and findings carry the name as a metrics label: a DNS
      // label keeps both simple.
      document.context().error("metadata.name", "a DlpSensor name is a DNS label (lower-case letters, digits and"
          + " '-', at most 63), as profiles name it; got " + Quote.value(metadata.name()));
    }
    Optional<YamlMap> spec = document.requiredObject("spec", SPEC);
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    YamlMap s = spec.get();
    String description = s.string("description").orElse("");
    Optional<List<DlpSensorDocument.Pattern>> patterns = patterns(s);
    Optional<Set<DlpSensorDocument.Location>> locations = locations(s);
    int minMatches = s.integer("minMatches", 1, MAX_MIN_MATCHES).orElse(1);
    Optional<DlpSensorDocument.Action> action = s.requiredParsed("action", DlpSyntax::action);
    DlpSensorDocument.Mask mask = s.object("mask", MASK).map(DlpSensorReader::mask)
        .orElse(DlpSensorDocument.Mask.defaults());
    boolean enabledByDefault = s.bool("enabledByDefault").orElse(false);
    if (document.context().failed() || patterns.isEmpty() || locations.isEmpty() || action.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DlpSensorDocument(metadata, new DlpSensorDocument.Spec(description, patterns.get(),
        locations.get(), minMatches, action.get(), mask, enabledByDefault)));
  }

  private static Optional<List<DlpSensorDocument.Pattern>> patterns(YamlMap spec) {
    Optional<List<Node>> items = spec.required("patterns").flatMap(node -> spec.list("patterns"));
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty() || items.get().size() > MAX_PATTERNS) {
      spec.error("patterns", "a sensor has 1 to " + MAX_PATTERNS + " patterns, got " + items.get().size());
      return Optional.empty();
    }
    List<DlpSensorDocument.Pattern> patterns = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    boolean ok = true;
    for (int i = 0; i < items.get().size(); i++) {
      String path = Values.itemPath(spec.pathOf("patterns"), i);
      Optional<YamlMap> item = YamlMap.open(spec.context(), path, items.get().get(i), PATTERN);
      Optional<DlpSensorDocument.Pattern> pattern = item.flatMap(DlpSensorReader::pattern);
      if (pattern.isPresent()) {
        Integer first = names.putIfAbsent(pattern.get().name(), i);
        if (first != null) {
          item.get().error("name", Quote.value(pattern.get().name()) + " is already the name of patterns[" + first
              + "]: reports name the pattern that matched, so names are unique within a sensor");
          ok = false;
        }
      }
      ok &= pattern.isPresent();
      pattern.ifPresent(patterns::add);
    }
    return ok ? Optional.of(patterns) : Optional.empty();
  }

  private static Optional<DlpSensorDocument.Pattern> pattern(YamlMap item) {
    Optional<String> name = item.requiredParsed("name", Names::dnsLabel);
    Optional<String> regex = item.requiredParsed("regex", DlpSyntax::regex);
    Optional<DlpSensorDocument.Validator> validator = item.has("validator")
        ? item.parsed("validator", DlpSyntax::validator)
        : Optional.of(DlpSensorDocument.Validator.NONE);
    Optional<Integer> maxLength = item.has("maxLength")
        ? item.integer("maxLength", 1, DlpSensorDocument.MAX_PATTERN_LENGTH)
        : Optional.of(0);
    if (name.isEmpty() || regex.isEmpty() || validator.isEmpty() || maxLength.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DlpSensorDocument.Pattern(name.get(), regex.get(), validator.get(), maxLength.get()));
  }

  private static Optional<Set<DlpSensorDocument.Location>> locations(YamlMap spec) {
    Optional<List<Node>> items = spec.required("locations").flatMap(node -> spec.list("locations"));
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty()) {
      spec.error("locations", "a sensor looks in at least one of url, request-headers, request-body,"
          + " response-headers, response-body");
      return Optional.empty();
    }
    Set<DlpSensorDocument.Location> locations = EnumSet.noneOf(DlpSensorDocument.Location.class);
    boolean ok = true;
    for (int i = 0; i < items.get().size(); i++) {
      String path = Values.itemPath(spec.pathOf("locations"), i);
      Node node = items.get().get(i);
      Optional<DlpSensorDocument.Location> location = Values.parsed(spec.context(), path, node, DlpSyntax::location);
      if (location.isPresent() && !locations.add(location.get())) {
        spec.context().error(path, node, Quote.value(location.get().configName()) + " is listed twice");
        ok = false;
      }
      ok &= location.isPresent();
    }
    return ok ? Optional.of(locations) : Optional.empty();
  }

  private static DlpSensorDocument.Mask mask(YamlMap section) {
    DlpSensorDocument.Mask defaults = DlpSensorDocument.Mask.defaults();
    return new DlpSensorDocument.Mask(
        section.parsed("char", DlpSyntax::maskCharacter).orElse(defaults.character()),
        section.integer("keepLast", 0, DlpSensorDocument.Mask.MAX_KEEP_LAST).orElse(defaults.keepLast()),
        section.bool("keepSeparators").orElse(defaults.keepSeparators()));
  }
}
