package io.meshward.controlplane.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.access_loggers.grpc.v3.HttpGrpcAccessLogConfig;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ExtProcPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.original_dst.v3.OriginalDst;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * A node's resources as readable YAML, with Envoy's proto field names as its docs use them: as served over xDS ({@link #resources}), or
 * as a bootstrap with the same listeners and clusters as static resources and routes inlined
 * ({@link #validationBootstrap}), which {@code envoy --mode validate -c FILE} checks without a control plane.
 */
public final class EnvoyConfigYaml {
  private static final String HCM_NAME = "envoy.filters.network.http_connection_manager";
  private static final TypeRegistry TYPES = TypeRegistry.newBuilder()
      .add(HttpConnectionManager.getDescriptor())
      .add(RBAC.getDescriptor())
      .add(ExtAuthz.getDescriptor())
      .add(ExtAuthzPerRoute.getDescriptor())
      .add(ExternalProcessor.getDescriptor())
      .add(ExtProcPerRoute.getDescriptor())
      .add(Router.getDescriptor())
      .add(OriginalDst.getDescriptor())
      .add(HttpGrpcAccessLogConfig.getDescriptor())
      .add(HttpProtocolOptions.getDescriptor())
      .build();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().usingTypeRegistry(TYPES).preservingProtoFieldNames();
  private static final ObjectMapper JSON = new ObjectMapper();

  private EnvoyConfigYaml() {}

  /** Every type meshward packs into an Any, for printing and parsing Envoy JSON/YAML. */
  public static TypeRegistry typeRegistry() {
    return TYPES;
  }

  /** The resources as served, with their versions. */
  public static String resources(NodeResources resources) {
    Map<String, Object> document = new LinkedHashMap<>();
    Map<String, Object> versions = new LinkedHashMap<>();
    versions.put("listeners", resources.versions().listeners());
    versions.put("routes", resources.versions().routes());
    versions.put("clusters", resources.versions().clusters());
    document.put("versions", versions);
    document.put("listeners", toTrees(resources.listeners()));
    document.put("routes", toTrees(resources.routes()));
    document.put("clusters", toTrees(resources.clusters()));
    return dump(document);
  }

  /** An Envoy bootstrap holding the node's listeners (routes inlined) and clusters as static resources. */
  public static String validationBootstrap(NodeResources resources) {
    List<Object> listeners = new ArrayList<>();
    for (Listener listener : resources.listeners()) {
      listeners.add(toTree(inlineRoutes(listener, resources.routes())));
    }
    Map<String, Object> staticResources = new LinkedHashMap<>();
    staticResources.put("listeners", listeners);
    staticResources.put("clusters", toTrees(resources.clusters()));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("static_resources", staticResources);
    return dump(document);
  }

  private static Listener inlineRoutes(Listener listener, List<RouteConfiguration> routes) {
    Listener.Builder inlined = listener.toBuilder().clearFilterChains();
    for (FilterChain chain : listener.getFilterChainsList()) {
      FilterChain.Builder chainBuilder = chain.toBuilder().clearFilters();
      for (Filter filter : chain.getFiltersList()) {
        chainBuilder.addFilters(HCM_NAME.equals(filter.getName()) ? inlineRoute(filter, routes) : filter);
      }
      inlined.addFilterChains(chainBuilder);
    }
    return inlined.build();
  }

  private static Filter inlineRoute(Filter filter, List<RouteConfiguration> routes) {
    try {
      HttpConnectionManager hcm = filter.getTypedConfig().unpack(HttpConnectionManager.class);
      if (!hcm.hasRds()) {
        return filter;
      }
      Optional<RouteConfiguration> route = routes.stream()
          .filter(r -> r.getName().equals(hcm.getRds().getRouteConfigName()))
          .findFirst();
      if (route.isEmpty()) {
        return filter;
      }
      return filter.toBuilder()
          .setTypedConfig(Any.pack(hcm.toBuilder().clearRds().setRouteConfig(route.get()).build()))
          .build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a connection manager we built does not unpack", e);
    }
  }

  private static List<Object> toTrees(List<? extends Message> messages) {
    return messages.stream().map(EnvoyConfigYaml::toTree).toList();
  }

  private static Object toTree(Message message) {
    try {
      return JSON.readValue(PRINTER.print(message), LinkedHashMap.class);
    } catch (InvalidProtocolBufferException | JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + message.getDescriptorForType().getFullName(), e);
    }
  }

  private static String dump(Map<String, Object> document) {
    DumpSettings settings = DumpSettings.builder()
        .setDefaultFlowStyle(FlowStyle.BLOCK)
        .setIndent(2)
        .setWidth(120)
        .build();
    return new Dump(settings).dumpToString(document);
  }
}
