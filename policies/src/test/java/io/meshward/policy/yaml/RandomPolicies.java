package io.meshward.policy.yaml;

import io.meshward.policy.model.FailureMode;
import io.meshward.policy.model.HeaderMatch;
import io.meshward.policy.model.HttpMatch;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.PathPattern;
import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.model.RuleAction;
import io.meshward.policy.model.Severity;
import io.meshward.policy.model.Source;
import io.meshward.policy.model.WorkloadPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Random valid documents, already in canonical form (the form reading produces), for round-trip properties. Strings
 * are drawn partly from a pool of values that YAML finds awkward: ones that look like other types, or need quoting,
 * escaping or block style.
 */
final class RandomPolicies {
  static final List<String> AWKWARD_STRINGS = List.of("yes", "No", "on", "OFF", "true", "False", "null", "~", "",
      "123", "0x1F", "0o17", "1e3", "-1.5", ".inf", " leading", "trailing ", "a: b", "a #b", "#hash", "- dash",
      "'single'", "\"double\"", "multi\nline\n", "multi\nline", "tab\there", "a\rb", "crlf\r\nline", "ünïcödé",
      "emoji 😀", "replacement \uFFFD", "nbsp\u00a0", "{flow}", "[flow]", "!bang", "&anchor", "*alias", "|pipe",
      ">folded", "%percent", "@at", "`tick`", "back\\slash", "   ", "\n", "trailing newlines\n\n", "---", "...",
      "? key", "<<", "=", "line\u2028separator", "bom\uFEFF");
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS",
      "PURGE", "M-SEARCH");
  private static final List<String> PATHS = List.of("/", "/healthz", "/api/**", "/**", "/users/{id}",
      "/orders/*/items", "/v1.2/{tenant}/files", "/v1.2/files/**", "/a/b/c", "/~user/%20x", "/x;y=z");
  private static final List<String> ADDRESSES = List.of("127.0.0.1:9191", "waf-filter.meshward.svc:443",
      "[::1]:9191", "[fd00::10]:1", "WAF.Example.org:65535");

  private final Random random;

  RandomPolicies(long seed) {
    this.random = new Random(seed);
  }

  PolicyDocument document(int index) {
    return random.nextInt(5) == 0 ? meshConfig() : workloadPolicy("ns" + random.nextInt(3), "p" + index,
        "w" + index);
  }

  MeshConfig meshConfig() {
    return new MeshConfig(new ObjectMeta(MeshConfig.NAME, "", labels(), annotations()), new MeshConfig.Spec(
        pick(Mode.values()),
        label() + (random.nextBoolean() ? "." + label() : "") + (random.nextBoolean() ? "_x" : ""),
        new MeshConfig.Inspection(pick(FailureMode.values()), pick(ADDRESSES), random.nextInt(16 * 1024 * 1024 + 1),
            Duration.ofMillis(1 + random.nextInt(60_000)), label(), label()),
        new MeshConfig.AutoPromotion(random.nextBoolean(), duration(), duration()),
        new MeshConfig.Quarantine(random.nextBoolean(), 1 + random.nextInt(100_000), pick(Severity.values()),
            duration(), duration())));
  }

  WorkloadPolicy workloadPolicy(String namespace, String name, String workload) {
    WorkloadPolicy.Selector selector = random.nextBoolean()
        ? WorkloadPolicy.Selector.byWorkload(workload)
        : WorkloadPolicy.Selector.byLabels(Map.of("app", workload, "track", random.nextBoolean() ? "" : label()));
    List<IngressRule> rules = new ArrayList<>();
    int ruleCount = random.nextInt(6);
    for (int i = 0; i < ruleCount; i++) {
      rules.add(rule(i, namespace));
    }
    return new WorkloadPolicy(new ObjectMeta(name, namespace, labels(), annotations()),
        new WorkloadPolicy.Spec(selector, random.nextBoolean() ? Optional.of(pick(Mode.values())) : Optional.empty(),
            rules, new WorkloadPolicy.Profiles(maybe(this::label), maybe(this::label))));
  }

  private IngressRule rule(int index, String namespace) {
    RuleAction action = random.nextInt(4) == 0 ? RuleAction.DENY : RuleAction.ALLOW;
    List<Source> from = new ArrayList<>();
    int sources = random.nextInt(5);
    for (int i = 0; i < sources; i++) {
      from.add(source(namespace));
    }
    Set<Integer> ports = new LinkedHashSet<>();
    if (action == RuleAction.DENY) {
      // A port no ALLOW rule uses, so that no DENY rule matches exactly what an ALLOW rule matches.
      ports.add(20_000 + index);
    }
    int portCount = random.nextInt(4);
    for (int i = 0; i < portCount; i++) {
      ports.add(1 + random.nextInt(9_999));
    }
    return new IngressRule("r" + index + "-" + label(), action, from, new ArrayList<>(ports),
        random.nextBoolean() ? Optional.of(http()) : Optional.empty());
  }

  private Source source(String namespace) {
    return switch (random.nextInt(5)) {
      case 0 -> new Source.Principal("spiffe://" + label() + ".local/ns/" + label() + "/sa/" + label());
      case 1 -> new Source.ServiceAccount(random.nextBoolean() ? namespace : label(), label());
      case 2 -> new Source.Namespace(label());
      case 3 -> cidr(4);
      default -> cidr(16);
    };
  }

  private Source.Cidr cidr(int bytes) {
    byte[] address = new byte[bytes];
    random.nextBytes(address);
    if (bytes == 16 && random.nextBoolean()) {
      // runs of zero groups, to exercise "::"
      for (int i = 2 + random.nextInt(6); i < 2 + random.nextInt(14); i++) {
        address[i] = 0;
      }
    }
    int length = random.nextInt(bytes * 8 + 1);
    for (int bit = length; bit < bytes * 8; bit++) {
      address[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return new Source.Cidr(IpAddresses.format(address), length);
  }

  private HttpMatch http() {
    List<String> methods = new ArrayList<>(new LinkedHashSet<>(List.of(pick(METHODS), pick(METHODS))));
    List<PathPattern> paths = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      paths.add(PathPattern.parse(random.nextBoolean() ? pick(PATHS)
          : "/" + label() + (random.nextBoolean() ? "/{id}" : "/**")));
    }
    List<HeaderMatch> headers = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      String name = random.nextInt(4) == 0 ? ":authority" : "x-" + label();
      headers.add(switch (random.nextInt(3)) {
        case 0 -> new HeaderMatch(name, HeaderMatch.Kind.EXACT, headerValue());
        case 1 -> new HeaderMatch(name, HeaderMatch.Kind.PREFIX, "p" + headerValue());
        default -> new HeaderMatch(name, HeaderMatch.Kind.PRESENT, "");
      });
    }
    return new HttpMatch(methods, paths, headers);
  }

  private String headerValue() {
    String value = awkwardString();
    return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 ? label() : value;
  }

  private Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      labels.put((random.nextBoolean() ? "example.com/" : "") + label() + i, random.nextBoolean() ? label() : "");
    }
    return labels;
  }

  private Map<String, String> annotations() {
    Map<String, String> annotations = new LinkedHashMap<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      annotations.put(random.nextBoolean() ? "note" + i : awkwardString() + i, awkwardString());
    }
    return annotations;
  }

  String awkwardString() {
    if (random.nextBoolean()) {
      return pick(AWKWARD_STRINGS);
    }
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      int kind = random.nextInt(10);
      out.appendCodePoint(kind < 6 ? 0x20 + random.nextInt(0x5f)
          : kind < 8 ? "\n\t\r \"'\\:#-".charAt(random.nextInt(10))
          : kind < 9 ? 0xa0 + random.nextInt(0x2000)
          : 0x1F600 + random.nextInt(0x40));
    }
    return out.toString();
  }

  /** A DNS-1123 label. */
  String label() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder out = new StringBuilder().append(alphabet.charAt(random.nextInt(26)));
    for (int i = random.nextInt(8); i > 0; i--) {
      out.append(random.nextInt(6) == 0 ? '-' : alphabet.charAt(random.nextInt(36)));
    }
    return out.append(alphabet.charAt(random.nextInt(36))).toString();
  }

  private Duration duration() {
    return switch (random.nextInt(5)) {
      case 0 -> Duration.ofMillis(1 + random.nextInt(1_000_000_000));
      case 1 -> Duration.ofSeconds(1 + random.nextInt(100_000));
      case 2 -> Duration.ofMinutes(1 + random.nextInt(100_000));
      case 3 -> Duration.ofHours(1 + random.nextInt(100_000));
      default -> Duration.ofMillis(100_000L * (1 + random.nextInt(1_000_000)));
    };
  }

  private <T> Optional<T> maybe(java.util.function.Supplier<T> supplier) {
    return random.nextBoolean() ? Optional.of(supplier.get()) : Optional.empty();
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }
}
