package io.meshward.cli;

import io.meshward.policy.model.DlpSensorDocument;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.WafProfile;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.List;
import java.util.Locale;

/**
 * A stored policy document as named on the command line: {@code WorkloadPolicy shop/payments-api} or
 * {@code MeshConfig default} or {@code WafProfile orders-api} or {@code DlpSensor employee-id}.
 */
record PolicyRef(String kind, String namespace, String name) {
  private static final List<String> KINDS = List.of(DlpSensorDocument.KIND, MeshConfig.KIND, WafProfile.KIND,
      WorkloadPolicy.KIND);
  /** Kinds without a namespace: named by their name alone. */
  private static final List<String> CLUSTER_SCOPED = List.of(DlpSensorDocument.KIND, MeshConfig.KIND,
      WafProfile.KIND);
  /** How the API spells the namespace of cluster-scoped kinds in a path. */
  private static final String NO_NAMESPACE = "_";

  /**
   * @throws IllegalArgumentException saying what is wrong, for a usage error
   */
  static PolicyRef parse(String kindText, String ref) {
    String kind = KINDS.stream()
        .filter(k -> k.toLowerCase(Locale.ROOT).equals(kindText.toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "unknown kind '" + kindText + "'; one of " + String.join(", ", KINDS)));
    int slash = ref.indexOf('/');
    if (CLUSTER_SCOPED.contains(kind)) {
      String name = slash < 0 ? ref : ref.substring(slash + 1);
      String namespace = slash < 0 ? "" : ref.substring(0, slash);
      if (!(namespace.isEmpty() || namespace.equals(NO_NAMESPACE)) || name.isEmpty()) {
        throw new IllegalArgumentException("a " + kind + " has no namespace: write '" + kind + " "
            + (kind.equals(MeshConfig.KIND) ? MeshConfig.NAME : "NAME") + "'");
      }
      return new PolicyRef(kind, "", name);
    }
    if (slash <= 0 || slash == ref.length() - 1 || ref.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException("a " + kind + " is named NAMESPACE/NAME, got '" + ref + "'");
    }
    return new PolicyRef(kind, ref.substring(0, slash), ref.substring(slash + 1));
  }

  String apiPath() {
    return "/api/v1/policies/" + AdminClient.segment(kind) + "/"
        + AdminClient.segment(namespace.isEmpty() ? NO_NAMESPACE : namespace) + "/" + AdminClient.segment(name);
  }

  @Override
  public String toString() {
    return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }
}
