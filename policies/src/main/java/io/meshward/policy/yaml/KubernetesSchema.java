package io.meshward.policy.yaml;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * The YAML 1.2 core schema, plus the YAML 1.1 booleans {@code yes/no/on/off}. Kubernetes tooling still reads those as
 * booleans, so {@code namespace: no} must be quoted there; treating them the same way here keeps a policy file valid
 * for both, and makes the writer quote such strings.
 */
final class KubernetesSchema implements Schema {
  private static final Set<String> YAML11_BOOLEANS = Set.of(
      "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF");
  private static final Set<String> TRUE = Set.of("true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON");
  private static final Set<String> FALSE = Set.of("false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF");

  private final CoreSchema core = new CoreSchema();
  private final ScalarResolver resolver = this::resolve;

  private Tag resolve(String value, Boolean implicit) {
    if (Boolean.TRUE.equals(implicit) && YAML11_BOOLEANS.contains(value)) {
      return Tag.BOOL;
    }
    return core.getScalarResolver().resolve(value, implicit);
  }

  /** The value of a scalar tagged as a boolean; empty when explicitly tagged but not a boolean ({@code !!bool x}). */
  static Optional<Boolean> booleanValue(String text) {
    return TRUE.contains(text) ? Optional.of(true) : FALSE.contains(text) ? Optional.of(false) : Optional.empty();
  }

  @Override
  public ScalarResolver getScalarResolver() {
    return resolver;
  }

  @Override
  public Map<Tag, ConstructNode> getSchemaTagConstructors() {
    return core.getSchemaTagConstructors();
  }
}
