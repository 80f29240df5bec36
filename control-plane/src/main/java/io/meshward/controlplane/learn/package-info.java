/**
 * Learning: what the mesh's traffic teaches about who may call whom. Flow observations (waf-filter's reports and
 * Envoy's access logs) become edges of a learned graph, one per destination workload: a source identity, a port,
 * a protocol and, for HTTP, a method and a path template ({@code /users/{id}/orders/{id}}). Memory is bounded
 * everywhere: per-segment cardinality caps turn ever-new path values into wildcards, and edge and workload caps
 * drop (and count) what does not fit.
 */
package io.meshward.controlplane.learn;
