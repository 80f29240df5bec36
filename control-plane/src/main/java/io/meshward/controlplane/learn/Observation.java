package io.meshward.controlplane.learn;

import java.time.Instant;

/**
 * One observed flow, from waf-filter's flow reports or an Envoy access-log entry: who called which workload, on
 * which port and protocol, and for HTTP with which method and path. Fields the source did not fill are null (0 for
 * the port).
 */
public record Observation(
    Instant time,
    String sourcePrincipal,
    String sourceAddress,
    String destinationWorkload,
    int port,
    String protocol,
    String method,
    String path) {}
