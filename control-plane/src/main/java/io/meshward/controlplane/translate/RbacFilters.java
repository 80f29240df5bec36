package io.meshward.controlplane.translate;

import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.meshward.controlplane.mesh.ResolvedWorkload;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.RuleAction;
import java.util.ArrayList;
import java.util.List;

/**
 * The RBAC HTTP filters of a workload, shared by sidecars and proxyless servers.
 *
 * <p>ENFORCE puts the allowlist in {@code rules} (ALLOW: anything no policy matches is denied). LEARN and MONITOR put it
 * in {@code shadow_rules}: Envoy evaluates and reports it, enforces nothing. Explicit DENY rules get their own filter
 * ahead of the allowlist, because one RBAC filter has one action. Quarantined sources get a DENY filter ahead of
 * both that is enforced whatever the mode.
 */
final class RbacFilters {
  private RbacFilters() {}

  static List<HttpFilter> forWorkload(ResolvedWorkload workload, String trustDomain) {
    List<HttpFilter> filters = new ArrayList<>(3);
    if (!workload.quarantines().isEmpty()) {
      // Quarantines are enforced in every mode: they exist to stop an attack now, not to be observed.
      RBAC quarantine = RbacTranslation.quarantine(workload.quarantines());
      filters.add(EnvoyBuilders.httpFilter(ResourceNames.RBAC_QUARANTINE_FILTER,
          filter(Mode.ENFORCE, quarantine, ResourceNames.RBAC_QUARANTINE_STAT_PREFIX)));
    }
    String policyName = workload.policy().isPresent() ? workload.policyName() : "none";
    if (RbacTranslation.hasRules(workload.rules(), RuleAction.DENY)) {
      RBAC deny = RbacTranslation.rbac(RuleAction.DENY, policyName, workload.rules(), trustDomain);
      filters.add(EnvoyBuilders.httpFilter(ResourceNames.RBAC_DENY_FILTER,
          filter(workload.mode(), deny, ResourceNames.RBAC_DENY_STAT_PREFIX)));
    }
    RBAC allow = RbacTranslation.rbac(RuleAction.ALLOW, policyName, workload.rules(), trustDomain);
    filters.add(EnvoyBuilders.httpFilter(ResourceNames.RBAC_ALLOW_FILTER,
        filter(workload.mode(), allow, ResourceNames.RBAC_ALLOW_STAT_PREFIX)));
    return filters;
  }

  private static io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC filter(Mode mode, RBAC rbac,
                                                                                 String statPrefix) {
    var filter = io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.newBuilder();
    if (mode == Mode.ENFORCE) {
      filter.setRules(rbac).setRulesStatPrefix(statPrefix);
    } else {
      filter.setShadowRules(rbac).setShadowRulesStatPrefix(statPrefix);
    }
    return filter.build();
  }
}
