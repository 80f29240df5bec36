package io.meshward.controlplane.translate;

import io.meshward.controlplane.mesh.MeshResolver;
import io.meshward.controlplane.mesh.MeshState;
import io.meshward.controlplane.mesh.NodeIdentity;
import io.meshward.controlplane.mesh.ResolvedWorkload;
import java.util.Collection;
import java.util.Objects;

/**
 * Policies, modes and mesh settings in; one node's Envoy resources out. A pure function: no I/O, no clock, no state,
 * so that it can be tested alone and run for thousands of nodes.
 */
public final class Translator {
  private final TranslatorSettings settings;

  public Translator(TranslatorSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * @param serverListeners for a proxyless server, the listeners it asked for by name; ignored for sidecars, whose
   *     listener is fixed
   */
  public NodeResources translate(MeshState state, NodeIdentity node, Collection<ServerListener> serverListeners) {
    ResolvedWorkload workload = MeshResolver.resolve(state, node);
    return switch (node.kind()) {
      case ENVOY_SIDECAR -> SidecarTranslation.translate(state.meshConfig().spec(), node, workload, settings);
      case GRPC_PROXYLESS -> ProxylessTranslation.translate(state.meshConfig().spec(), workload, serverListeners);
    };
  }
}
