package io.meshward.controlplane.translate;

/** Names of the resources meshward serves; stable, because Envoy stats and operators' dashboards use them. */
public final class ResourceNames {
  public static final String SIDECAR_INBOUND_LISTENER = "meshward-inbound";
  public static final String SIDECAR_INBOUND_ROUTE = "meshward-inbound";
  public static final String LOCAL_APP_CLUSTER = "meshward-local-app";
  public static final String WAF_FILTER_CLUSTER = "meshward-waf-filter";
  public static final String ACCESS_LOG_CLUSTER = "meshward-access-log";

  /** HTTP filter names; ext_authz and ext_proc must match their keys in typed_per_filter_config. */
  public static final String RBAC_QUARANTINE_FILTER = "meshward.rbac.quarantine";
  public static final String RBAC_DENY_FILTER = "meshward.rbac.deny";
  public static final String RBAC_ALLOW_FILTER = "envoy.filters.http.rbac";
  public static final String EXT_AUTHZ_FILTER = "envoy.filters.http.ext_authz";
  public static final String EXT_PROC_FILTER = "envoy.filters.http.ext_proc";
  public static final String ROUTER_FILTER = "envoy.filters.http.router";

  /**
   * Prefixes of RBAC stats and of the dynamic-metadata keys the RBAC filters write (for example
   * {@code meshward_allow_shadow_engine_result}); distinct so that the deny and allow filters don't overwrite each
   * other's shadow results.
   */
  public static final String RBAC_ALLOW_STAT_PREFIX = "meshward_allow_";
  public static final String RBAC_DENY_STAT_PREFIX = "meshward_deny_";
  public static final String RBAC_QUARANTINE_STAT_PREFIX = "meshward_quarantine_";

  private ResourceNames() {}

  /** The RouteConfiguration of a proxyless server's listener on {@code port}. */
  public static String proxylessRoute(int port) {
    return "meshward-inbound-" + port;
  }
}
