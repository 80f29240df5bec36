package io.meshward.controlplane.translate;

/**
 * Keys of the per-route ext_authz {@code context_extensions} (and of the ext_proc gRPC initial metadata) through which
 * waf-filter learns whose traffic it inspects, so that it keeps no per-workload state of its own.
 */
public final class ContextExtensions {
  /** "namespace/workload". */
  public static final String WORKLOAD = "meshward.workload";
  /** LEARN, MONITOR or ENFORCE. */
  public static final String MODE = "meshward.mode";
  /** The WAF profile name. */
  public static final String PROFILE = "meshward.profile";
  /** The DLP profile name. */
  public static final String DLP_PROFILE = "meshward.dlp-profile";
  /** "namespace/name" of the governing WorkloadPolicy, empty when none. */
  public static final String POLICY = "meshward.policy";

  private ContextExtensions() {}

  /** The same key as a gRPC metadata header name for ext_proc (lower case, no dots). */
  static String asHeader(String key) {
    return "x-" + key.replace('.', '-');
  }
}
