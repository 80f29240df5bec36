package io.meshward.controlplane.mesh;

/** What sits at the other end of an xDS stream, which decides the shape of the resources it can take. */
public enum NodeKind {
  /** An Envoy sidecar in front of an application: full filter chain with RBAC, ext_authz and ext_proc. */
  ENVOY_SIDECAR,
  /** A grpc-java (or other proxyless gRPC) server: HTTP connection manager with RBAC and router only. */
  GRPC_PROXYLESS
}
