package io.meshward.bench;

/**
 * The policies the fan-out benchmark applies: one WorkloadPolicy per workload of the namespace, as an operator who
 * reviewed what each workload learned would have them, each with its own allowlist of {@code rules} rules (mostly
 * service-account callers with methods and paths, some address ranges). No {@code spec.mode}: the mode comes from
 * the namespace override the benchmark flips (or the mesh default, LEARN).
 */
final class BenchPolicies {
  private BenchPolicies() {}

  static String yaml(String namespace, int workloads, int rules) {
    StringBuilder yaml = new StringBuilder();
    for (int w = 0; w < workloads; w++) {
      if (w > 0) {
        yaml.append("---\n");
      }
      yaml.append("apiVersion: meshward.io/v1alpha1\n")
          .append("kind: WorkloadPolicy\n")
          .append("metadata:\n")
          .append("  name: w").append(w).append("-allowlist\n")
          .append("  namespace: ").append(namespace).append('\n')
          .append("spec:\n")
          .append("  selector:\n")
          .append("    workload: w").append(w).append('\n')
          .append("  ingress:\n");
      for (int r = 0; r < rules; r++) {
        yaml.append("    - name: rule-").append(r).append('\n')
            .append("      from:\n");
        if (r % 4 == 3) {
          yaml.append("        - cidr: 10.").append(100 + w % 100).append('.').append(r).append(".0/24\n")
              .append("      ports: [8080]\n")
              .append("      http:\n")
              .append("        methods: [GET]\n")
              .append("        paths: [\"/metrics\", \"/healthz\"]\n");
        } else {
          int caller = (w + r + 1) % workloads;
          yaml.append("        - serviceAccount: w").append(caller).append('\n')
              .append("      ports: [8080]\n")
              .append("      http:\n")
              .append("        methods: [GET, POST]\n")
              .append("        paths: [\"/api/w").append(w).append("/r").append(r).append("/**\", \"/api/w")
              .append(w).append("/items/{id}\"]\n");
        }
      }
    }
    return yaml.toString();
  }
}
