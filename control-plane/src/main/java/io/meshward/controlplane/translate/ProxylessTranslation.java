package io.meshward.controlplane.translate;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.NonForwardingAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.meshward.controlplane.mesh.ResolvedWorkload;
import io.meshward.policy.model.MeshConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The resources of a proxyless gRPC server, in the one shape grpc-java's XdsServerBuilder accepts: per listening
 * port a Listener with a single filter chain holding a single HTTP connection manager (RDS over ADS; RBAC filters then
 * the router), and a RouteConfiguration whose route has a non-forwarding action. grpc-java has no ext_authz for
 * servers, so inspection is not wired here.
 */
final class ProxylessTranslation {
  private ProxylessTranslation() {}

  static NodeResources translate(MeshConfig.Spec mesh, ResolvedWorkload workload,
                                 Collection<ServerListener> serverListeners) {
    List<Listener> listeners = new ArrayList<>();
    List<RouteConfiguration> routes = new ArrayList<>();
    for (ServerListener server : serverListeners.stream().sorted().toList()) {
      String routeName = ResourceNames.proxylessRoute(server.port());
      HttpConnectionManager.Builder hcm = HttpConnectionManager.newBuilder()
          .setStatPrefix("meshward_inbound")
          .setRds(EnvoyBuilders.rds(routeName));
      RbacFilters.forWorkload(workload, mesh.trustDomain()).forEach(hcm::addHttpFilters);
      hcm.addHttpFilters(EnvoyBuilders.httpFilter(ResourceNames.ROUTER_FILTER, Router.getDefaultInstance()));
      listeners.add(Listener.newBuilder()
          .setName(server.name())
          .setAddress(EnvoyBuilders.socketAddress(server.host(), server.port()))
          .addFilterChains(FilterChain.newBuilder()
              .setName("meshward-inbound")
              .addFilters(Filter.newBuilder()
                  .setName("envoy.filters.network.http_connection_manager")
                  .setTypedConfig(Any.pack(hcm.build()))))
          .build());
      if (routes.stream().noneMatch(r -> r.getName().equals(routeName))) {
        routes.add(RouteConfiguration.newBuilder()
            .setName(routeName)
            .addVirtualHosts(VirtualHost.newBuilder()
                .setName("inbound")
                .addDomains("*")
                .addRoutes(Route.newBuilder()
                    .setName("all")
                    .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                    .setNonForwardingAction(NonForwardingAction.getDefaultInstance())))
            .build());
      }
    }
    return NodeResources.of(workload, listeners, routes, List.of());
  }
}
