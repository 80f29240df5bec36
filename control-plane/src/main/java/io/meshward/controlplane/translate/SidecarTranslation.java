package io.meshward.controlplane.translate;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLog;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.access_loggers.grpc.v3.CommonGrpcAccessLogConfig;
import io.envoyproxy.envoy.extensions.access_loggers.grpc.v3.HttpGrpcAccessLogConfig;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.BufferSettings;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.CheckSettings;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ExtProcOverrides;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ExtProcPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.original_dst.v3.OriginalDst;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.meshward.controlplane.mesh.NodeIdentity;
import io.meshward.controlplane.mesh.ResolvedWorkload;
import io.meshward.policy.model.FailureMode;
import io.meshward.policy.model.MeshConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources of an Envoy sidecar: one inbound listener whose HTTP connection manager runs, in order, RBAC (explicit
 * denies, then the allowlist), ext_authz (request WAF and DLP), ext_proc (response WAF and DLP) and the router to the
 * local application; and clusters for the application, waf-filter and the access log service.
 */
final class SidecarTranslation {
  private static final String ACCESS_LOGGER = "envoy.access_loggers.http_grpc";
  /**
   * Request attributes sent with the response headers to ext_proc, so that waf-filter can tie a response to its
   * request without a second round trip for the request headers.
   */
  private static final List<String> EXT_PROC_RESPONSE_ATTRIBUTES =
      List.of("request.id", "request.method", "request.path", "request.host", "source.address",
          "source.principal");

  private SidecarTranslation() {}

  static NodeResources translate(MeshConfig.Spec mesh, NodeIdentity node, ResolvedWorkload workload,
                                 TranslatorSettings settings) {
    return NodeResources.of(
        workload,
        List.of(listener(mesh, node, workload)),
        List.of(route(node, workload)),
        clusters(mesh, node, settings));
  }

  private static Listener listener(MeshConfig.Spec mesh, NodeIdentity node, ResolvedWorkload workload) {
    HttpConnectionManager.Builder hcm = HttpConnectionManager.newBuilder()
        .setStatPrefix("meshward_inbound")
        .setCodecType(HttpConnectionManager.CodecType.AUTO)
        .setRds(EnvoyBuilders.rds(ResourceNames.SIDECAR_INBOUND_ROUTE))
        .addAccessLog(accessLog());
    RbacFilters.forWorkload(workload, mesh.trustDomain()).forEach(hcm::addHttpFilters);
    hcm.addHttpFilters(EnvoyBuilders.httpFilter(ResourceNames.EXT_AUTHZ_FILTER, extAuthz(mesh.inspection())));
    hcm.addHttpFilters(EnvoyBuilders.httpFilter(ResourceNames.EXT_PROC_FILTER, extProc(mesh.inspection())));
    hcm.addHttpFilters(EnvoyBuilders.httpFilter(ResourceNames.ROUTER_FILTER, Router.getDefaultInstance()));

    return Listener.newBuilder()
        .setName(ResourceNames.SIDECAR_INBOUND_LISTENER)
        .setAddress(EnvoyBuilders.socketAddress("0.0.0.0", node.inboundPort()))
        .setTrafficDirection(TrafficDirection.INBOUND)
        // With iptables redirection, RBAC's destination_port must see the port the caller dialled.
        .addListenerFilters(ListenerFilter.newBuilder()
            .setName("envoy.filters.listener.original_dst")
            .setTypedConfig(Any.pack(OriginalDst.getDefaultInstance())))
        .addFilterChains(FilterChain.newBuilder()
            .addFilters(Filter.newBuilder()
                .setName("envoy.filters.network.http_connection_manager")
                .setTypedConfig(Any.pack(hcm.build()))))
        .build();
  }

  private static ExtAuthz extAuthz(MeshConfig.Inspection inspection) {
    ExtAuthz.Builder extAuthz = ExtAuthz.newBuilder()
        .setGrpcService(EnvoyBuilders.envoyGrpc(ResourceNames.WAF_FILTER_CLUSTER, inspection.timeout()))
        .setTransportApiVersion(ApiVersion.V3)
        .setFailureModeAllow(inspection.failureMode() == FailureMode.OPEN)
        .setIncludePeerCertificate(true)
        .setStatPrefix("meshward");
    if (inspection.maxRequestBodyBytes() > 0) {
      // Partial: a body over the limit is inspected up to the limit; waf-filter decides what that means.
      extAuthz.setWithRequestBody(BufferSettings.newBuilder()
          .setMaxRequestBytes(inspection.maxRequestBodyBytes())
          .setAllowPartialMessage(true)
          .setPackAsBytes(true));
    }
    return extAuthz.build();
  }

  private static ExternalProcessor extProc(MeshConfig.Inspection inspection) {
    return ExternalProcessor.newBuilder()
        .setGrpcService(EnvoyBuilders.envoyGrpc(ResourceNames.WAF_FILTER_CLUSTER, inspection.timeout()))
        .setFailureModeAllow(inspection.failureMode() == FailureMode.OPEN)
        .setProcessingMode(ProcessingMode.newBuilder()
            .setRequestHeaderMode(ProcessingMode.HeaderSendMode.SKIP)
            .setRequestBodyMode(ProcessingMode.BodySendMode.NONE)
            .setRequestTrailerMode(ProcessingMode.HeaderSendMode.SKIP)
            .setResponseHeaderMode(ProcessingMode.HeaderSendMode.SEND)
            // Partial: a response over Envoy's buffer limit is inspected up to the limit instead of failing.
            .setResponseBodyMode(ProcessingMode.BodySendMode.BUFFERED_PARTIAL)
            .setResponseTrailerMode(ProcessingMode.HeaderSendMode.SKIP))
        .addAllResponseAttributes(EXT_PROC_RESPONSE_ATTRIBUTES)
        .setMessageTimeout(EnvoyBuilders.duration(inspection.timeout()))
        .setStatPrefix("meshward")
        .build();
  }

  private static AccessLog accessLog() {
    return AccessLog.newBuilder()
        .setName(ACCESS_LOGGER)
        .setTypedConfig(Any.pack(HttpGrpcAccessLogConfig.newBuilder()
            .setCommonConfig(CommonGrpcAccessLogConfig.newBuilder()
                .setLogName(ResourceNames.SIDECAR_INBOUND_LISTENER)
                .setTransportApiVersion(ApiVersion.V3)
                .setGrpcService(EnvoyBuilders.envoyGrpc(ResourceNames.ACCESS_LOG_CLUSTER,
                    java.time.Duration.ofSeconds(5))))
            .build()))
        .build();
  }

  private static RouteConfiguration route(NodeIdentity node, ResolvedWorkload workload) {
    Map<String, String> context = contextExtensions(node, workload);
    ExtProcOverrides.Builder extProcOverrides = ExtProcOverrides.newBuilder();
    context.forEach((key, value) -> extProcOverrides.addGrpcInitialMetadata(
        HeaderValue.newBuilder().setKey(ContextExtensions.asHeader(key)).setValue(value)));

    Route route = Route.newBuilder()
        .setName("to-application")
        .setMatch(RouteMatch.newBuilder().setPrefix("/"))
        .setRoute(RouteAction.newBuilder().setCluster(ResourceNames.LOCAL_APP_CLUSTER))
        .putTypedPerFilterConfig(ResourceNames.EXT_AUTHZ_FILTER, Any.pack(ExtAuthzPerRoute.newBuilder()
            .setCheckSettings(CheckSettings.newBuilder().putAllContextExtensions(context))
            .build()))
        .putTypedPerFilterConfig(ResourceNames.EXT_PROC_FILTER, Any.pack(ExtProcPerRoute.newBuilder()
            .setOverrides(extProcOverrides)
            .build()))
        .build();
    return RouteConfiguration.newBuilder()
        .setName(ResourceNames.SIDECAR_INBOUND_ROUTE)
        .addVirtualHosts(VirtualHost.newBuilder()
            .setName("inbound")
            .addDomains("*")
            .addRoutes(route))
        .build();
  }

  static Map<String, String> contextExtensions(NodeIdentity node, ResolvedWorkload workload) {
    Map<String, String> context = new LinkedHashMap<>();
    context.put(ContextExtensions.WORKLOAD, node.workloadRef());
    context.put(ContextExtensions.MODE, workload.mode().name());
    context.put(ContextExtensions.PROFILE, workload.wafProfile());
    context.put(ContextExtensions.DLP_PROFILE, workload.dlpProfile());
    context.put(ContextExtensions.POLICY, workload.policyName());
    return context;
  }

  private static List<Cluster> clusters(MeshConfig.Spec mesh, NodeIdentity node, TranslatorSettings settings) {
    return List.of(
        EnvoyBuilders.cluster(ResourceNames.LOCAL_APP_CLUSTER, new HostPort("127.0.0.1", node.appPort()), false),
        EnvoyBuilders.cluster(ResourceNames.WAF_FILTER_CLUSTER,
            HostPort.parse(mesh.inspection().wafFilterAddress()), true),
        EnvoyBuilders.cluster(ResourceNames.ACCESS_LOG_CLUSTER,
            HostPort.parse(settings.accessLogServiceAddress()), true));
  }
}
