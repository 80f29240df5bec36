package io.meshward.controlplane.learn;

import java.time.Instant;

/**
 * One observed flow, from waf-filter's flow reports or an Envoy access-log entry: who called which workload, on
 * which port and protocol, and for HTTP with which method and path. Fields the source did not fill are null (0 for
 * the port).
 *
 * @param shadowAllowed what the workload's shadow RBAC (its allowlist in LEARN and MONITOR) decided for the flow, as
 *     Envoy reports it in the access log's dynamic metadata; null when the source does not say
 */
public record Observation(
    Instant time,
    String sourcePrincipal,
    String sourceAddress,
    String destinationWorkload,
    int port,
    String protocol,
    String method,
    String path,
    Boolean shadowAllowed) {

  /** An observation without a shadow RBAC result. */
  public Observation(Instant time, String sourcePrincipal, String sourceAddress, String destinationWorkload, int port,
                     String protocol, String method, String path) {
    this(time, sourcePrincipal, sourceAddress, destinationWorkload, port, protocol, method, path, null);
  }
}
