package io.meshward.controlplane.translate;

import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.type.matcher.v3.PathMatcher;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import com.google.protobuf.UInt32Value;
import io.meshward.policy.model.HeaderMatch;
import io.meshward.policy.model.HttpMatch;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.PathPattern;
import io.meshward.policy.model.RuleAction;
import io.meshward.controlplane.mesh.QuarantinedSource;
import io.meshward.policy.model.Source;
import java.util.List;

/**
 * Turns allowlist rules into Envoy RBAC. Every construct used here is one that both Envoy and grpc-java enforce:
 * authenticated principal names, direct remote IPs, destination ports, the {@code :method} header and url_path.
 */
final class RbacTranslation {
  private RbacTranslation() {}

  /**
   * The RBAC of the rules with the given action, or empty policies when there are none. Policy names are
   * "policyName/ruleName" so that Envoy's RBAC stats and shadow results point back at the rule.
   */
  static RBAC rbac(RuleAction action, String policyName, List<IngressRule> rules, String trustDomain) {
    RBAC.Builder rbac = RBAC.newBuilder()
        .setAction(action == RuleAction.DENY ? RBAC.Action.DENY : RBAC.Action.ALLOW);
    for (IngressRule rule : rules) {
      if (rule.action() == action) {
        rbac.putPolicies(policyName + "/" + rule.name(), policy(rule, trustDomain));
      }
    }
    return rbac.build();
  }

  static boolean hasRules(List<IngressRule> rules, RuleAction action) {
    return rules.stream().anyMatch(r -> r.action() == action);
  }

  static Policy policy(IngressRule rule, String trustDomain) {
    Policy.Builder policy = Policy.newBuilder().addPermissions(permission(rule));
    if (rule.from().isEmpty()) {
      policy.addPrincipals(Principal.newBuilder().setAny(true));
    } else {
      for (Source source : rule.from()) {
        policy.addPrincipals(principal(source, trustDomain));
      }
    }
    return policy.build();
  }

  private static Permission permission(IngressRule rule) {
    Permission.Set.Builder all = Permission.Set.newBuilder();
    if (!rule.ports().isEmpty()) {
      all.addRules(anyOf(rule.ports().stream()
          .map(port -> Permission.newBuilder().setDestinationPort(port).build())
          .toList()));
    }
    HttpMatch http = rule.http().orElse(null);
    if (http != null) {
      if (!http.methods().isEmpty()) {
        all.addRules(anyOf(http.methods().stream()
            .map(method -> Permission.newBuilder().setHeader(HeaderMatcher.newBuilder()
                .setName(":method")
                .setStringMatch(StringMatcher.newBuilder().setExact(method))).build())
            .toList()));
      }
      if (!http.paths().isEmpty()) {
        all.addRules(anyOf(http.paths().stream()
            .map(path -> Permission.newBuilder().setUrlPath(PathMatcher.newBuilder().setPath(pathMatcher(path)))
                .build())
            .toList()));
      }
      for (HeaderMatch header : http.headers()) {
        all.addRules(Permission.newBuilder().setHeader(headerMatcher(header)));
      }
    }
    if (all.getRulesCount() == 0) {
      return Permission.newBuilder().setAny(true).build();
    }
    if (all.getRulesCount() == 1) {
      return all.getRules(0);
    }
    return Permission.newBuilder().setAndRules(all).build();
  }

  private static Permission anyOf(List<Permission> permissions) {
    if (permissions.size() == 1) {
      return permissions.get(0);
    }
    return Permission.newBuilder().setOrRules(Permission.Set.newBuilder().addAllRules(permissions)).build();
  }

  static StringMatcher pathMatcher(PathPattern path) {
    return switch (path.kind()) {
      case EXACT -> StringMatcher.newBuilder().setExact(path.matchValue()).build();
      case PREFIX -> StringMatcher.newBuilder().setPrefix(path.matchValue()).build();
      case TEMPLATE -> StringMatcher.newBuilder()
          .setSafeRegex(RegexMatcher.newBuilder().setRegex(path.matchValue()))
          .build();
    };
  }

  private static HeaderMatcher headerMatcher(HeaderMatch header) {
    HeaderMatcher.Builder matcher = HeaderMatcher.newBuilder().setName(header.name());
    return switch (header.kind()) {
      case PRESENT -> matcher.setPresentMatch(true).build();
      case EXACT -> matcher.setStringMatch(StringMatcher.newBuilder().setExact(header.value())).build();
      case PREFIX -> matcher.setStringMatch(StringMatcher.newBuilder().setPrefix(header.value())).build();
    };
  }

  /** A DENY RBAC with one policy per quarantined source, named by the quarantine's id. */
  static RBAC quarantine(List<QuarantinedSource> quarantines) {
    RBAC.Builder rbac = RBAC.newBuilder().setAction(RBAC.Action.DENY);
    for (QuarantinedSource q : quarantines) {
      Principal principal = q.kind() == QuarantinedSource.Kind.PRINCIPAL
          ? authenticated(StringMatcher.newBuilder().setExact(q.value()).build())
          : principal(new Source.Cidr(q.value(), q.value().indexOf(':') >= 0 ? 128 : 32), "");
      rbac.putPolicies("quarantine/" + q.id(), Policy.newBuilder()
          .addPermissions(Permission.newBuilder().setAny(true))
          .addPrincipals(principal)
          .build());
    }
    return rbac.build();
  }

  static Principal principal(Source source, String trustDomain) {
    // Java 17: no pattern matching for switch yet, so an instanceof chain over the sealed hierarchy.
    if (source instanceof Source.Principal p) {
      return authenticated(StringMatcher.newBuilder().setExact(p.spiffeId()).build());
    }
    if (source instanceof Source.ServiceAccount sa) {
      return authenticated(StringMatcher.newBuilder()
          .setExact(SpiffeIds.serviceAccount(trustDomain, sa.namespace(), sa.name())).build());
    }
    if (source instanceof Source.Namespace ns) {
      return authenticated(StringMatcher.newBuilder()
          .setPrefix(SpiffeIds.namespacePrefix(trustDomain, ns.name())).build());
    }
    Source.Cidr cidr = (Source.Cidr) source;
    return Principal.newBuilder()
        .setDirectRemoteIp(CidrRange.newBuilder()
            .setAddressPrefix(cidr.addressPrefix())
            .setPrefixLen(UInt32Value.of(cidr.prefixLength())))
        .build();
  }

  private static Principal authenticated(StringMatcher name) {
    return Principal.newBuilder()
        .setAuthenticated(Principal.Authenticated.newBuilder().setPrincipalName(name))
        .build();
  }
}
