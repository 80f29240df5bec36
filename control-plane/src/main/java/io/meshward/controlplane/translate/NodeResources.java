package io.meshward.controlplane.translate;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.meshward.controlplane.mesh.ResolvedWorkload;
import java.util.List;
import java.util.Objects;

/**
 * The resources one node is served, with a content version per type: the same content always has the same version,
 * so an unchanged type is never re-sent, and versions survive a control-plane restart.
 */
public record NodeResources(
    ResolvedWorkload workload,
    List<Listener> listeners,
    List<RouteConfiguration> routes,
    List<Cluster> clusters,
    Versions versions) {

  public NodeResources {
    Objects.requireNonNull(workload, "workload");
    listeners = List.copyOf(listeners);
    routes = List.copyOf(routes);
    clusters = List.copyOf(clusters);
    Objects.requireNonNull(versions, "versions");
  }

  static NodeResources of(ResolvedWorkload workload, List<Listener> listeners, List<RouteConfiguration> routes,
                          List<Cluster> clusters) {
    return new NodeResources(workload, listeners, routes, clusters, new Versions(
        ContentVersion.of(listeners), ContentVersion.of(routes), ContentVersion.of(clusters)));
  }

  /** Per-type content versions. */
  public record Versions(String listeners, String routes, String clusters) {
    /** One string for people: changes when any type changes. */
    public String combined() {
      return ContentVersion.combine(listeners, routes, clusters);
    }
  }
}
