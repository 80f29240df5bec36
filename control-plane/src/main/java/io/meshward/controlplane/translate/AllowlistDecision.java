package io.meshward.controlplane.translate;

import io.meshward.policy.model.HttpMatch;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.PathPattern;
import io.meshward.policy.model.RuleAction;
import io.meshward.policy.model.Source;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the RBAC that translation makes of a workload's rules would decide for one flow, decided in the control plane:
 * learning needs it to tell a flow the allowlist allows from a violation. Same semantics as {@link RbacTranslation}:
 * a DENY rule that matches wins; else an ALLOW rule must match. A rule that matches on request headers cannot be
 * decided from a flow (flows carry no headers), so it is taken as not matching: for ALLOW rules that errs towards a
 * violation reported, never towards one hidden. Pure function.
 */
public final class AllowlistDecision {
  private AllowlistDecision() {}

  /**
   * Whether {@code rules} allow the flow.
   *
   * @param principal the caller's authenticated principal, or null
   * @param address the caller's IP address, or null
   * @param method the HTTP method, or null for TCP
   * @param path the request path without query, or null for TCP
   */
  public static boolean allows(List<IngressRule> rules, String trustDomain, String principal, String address,
                               int port, String method, String path) {
    for (IngressRule rule : rules) {
      if (rule.action() == RuleAction.DENY && matches(rule, trustDomain, principal, address, port, method, path)) {
        return false;
      }
    }
    for (IngressRule rule : rules) {
      if (rule.action() == RuleAction.ALLOW && matches(rule, trustDomain, principal, address, port, method, path)) {
        return true;
      }
    }
    return false;
  }

  static boolean matches(IngressRule rule, String trustDomain, String principal, String address, int port,
                         String method, String path) {
    if (!rule.ports().isEmpty() && !rule.ports().contains(port)) {
      return false;
    }
    if (!rule.from().isEmpty() && rule.from().stream()
        .noneMatch(source -> fromSource(source, trustDomain, principal, address))) {
      return false;
    }
    return rule.http().map(http -> httpMatches(http, method, path)).orElse(true);
  }

  private static boolean httpMatches(HttpMatch http, String method, String path) {
    if (!http.headers().isEmpty()) {
      return false;
    }
    if (!http.methods().isEmpty() && (method == null || !http.methods().contains(method))) {
      return false;
    }
    if (http.paths().isEmpty()) {
      return true;
    }
    return path != null && http.paths().stream().anyMatch(pattern -> pathMatches(pattern, path));
  }

  static boolean pathMatches(PathPattern pattern, String path) {
    return switch (pattern.kind()) {
      case EXACT -> path.equals(pattern.matchValue());
      case PREFIX -> path.startsWith(pattern.matchValue());
      case TEMPLATE -> Pattern.matches(pattern.matchValue(), path);
    };
  }

  private static boolean fromSource(Source source, String trustDomain, String principal, String address) {
    if (source instanceof Source.Principal p) {
      return p.spiffeId().equals(principal);
    }
    if (source instanceof Source.ServiceAccount sa) {
      return SpiffeIds.serviceAccount(trustDomain, sa.namespace(), sa.name()).equals(principal);
    }
    if (source instanceof Source.Namespace ns) {
      return principal != null && principal.startsWith(SpiffeIds.namespacePrefix(trustDomain, ns.name()));
    }
    Source.Cidr cidr = (Source.Cidr) source;
    return address != null && inCidr(address, cidr.addressPrefix(), cidr.prefixLength());
  }

  /** Whether the IP literal {@code address} is in the range (never a DNS lookup: only literals are parsed). */
  static boolean inCidr(String address, String prefix, int length) {
    byte[] ip = literal(address);
    byte[] net = literal(prefix);
    if (ip == null || net == null || ip.length != net.length || length < 0 || length > ip.length * 8) {
      return false;
    }
    int bits = ip.length * 8;
    BigInteger mask = length == 0 ? BigInteger.ZERO
        : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(bits - length).shiftLeft(bits - length);
    return new BigInteger(1, ip).and(mask).equals(new BigInteger(1, net).and(mask));
  }

  private static byte[] literal(String text) {
    String t = text.strip();
    boolean v4 = t.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean v6 = t.indexOf(':') >= 0 && t.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(t).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
