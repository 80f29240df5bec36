package io.meshward.controlplane.translate;

import static io.meshward.controlplane.testing.Policies.allowFromCidr;
import static io.meshward.controlplane.testing.Policies.allowFromServiceAccount;
import static io.meshward.controlplane.testing.Policies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.meshward.controlplane.mesh.MeshState;
import io.meshward.controlplane.mesh.ModeTarget;
import io.meshward.controlplane.mesh.NodeIdentity;
import io.meshward.controlplane.mesh.NodeKind;
import io.meshward.policy.model.FailureMode;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.RuleAction;
import io.meshward.policy.model.Source;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Translation is a pure function; these pin its semantics one property at a time. */
class TranslatorTest {
  private static final NodeIdentity SIDECAR = new NodeIdentity("s-1", NodeKind.ENVOY_SIDECAR, "shop", "payments",
      "payments", Map.of(), 15006, 8080, List.of());
  private static final NodeIdentity PROXYLESS = new NodeIdentity("g-1", NodeKind.GRPC_PROXYLESS, "shop",
      "payments", "payments", Map.of(), 0, 0, List.of());

  private final Translator translator = new Translator(new TranslatorSettings("10.0.0.1:18000"));

  private static MeshState state(Mode mode, IngressRule... rules) {
    return new MeshState(1, MeshConfig.defaults(), List.of(policy("shop", "payments-api", "payments", mode, rules)),
        Map.of());
  }

  private static HttpConnectionManager hcm(Listener listener) throws InvalidProtocolBufferException {
    return listener.getFilterChains(0).getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
  }

  private static List<String> filterNames(Listener listener) throws InvalidProtocolBufferException {
    return hcm(listener).getHttpFiltersList().stream().map(HttpFilter::getName).toList();
  }

  private static RBAC rbacFilter(Listener listener, String name) throws InvalidProtocolBufferException {
    return hcm(listener).getHttpFiltersList().stream().filter(f -> f.getName().equals(name)).findFirst()
        .orElseThrow().getTypedConfig().unpack(RBAC.class);
  }

  private static SortedSet<ServerListener> serverListeners(int... ports) {
    SortedSet<ServerListener> listeners = new TreeSet<>();
    for (int port : ports) {
      listeners.add(ServerListener.fromName("grpc/server?xds.resource.listening_address=0.0.0.0:" + port)
          .orElseThrow());
    }
    return listeners;
  }

  @Nested
  class EnvoySidecar {
    @Test
    void filtersRunInOrderRbacExtAuthzExtProcRouter() throws Exception {
      NodeResources resources = translator.translate(state(Mode.ENFORCE, allowFromCidr("a", "10.0.0.0", 8)),
          SIDECAR, List.of());

      assertThat(filterNames(resources.listeners().get(0))).containsExactly(ResourceNames.RBAC_ALLOW_FILTER,
          ResourceNames.EXT_AUTHZ_FILTER, ResourceNames.EXT_PROC_FILTER, ResourceNames.ROUTER_FILTER);
      assertThat(resources.listeners().get(0).getAddress().getSocketAddress().getPortValue()).isEqualTo(15006);
      assertThat(resources.clusters()).extracting(Cluster::getName).containsExactly(
          ResourceNames.LOCAL_APP_CLUSTER, ResourceNames.WAF_FILTER_CLUSTER, ResourceNames.ACCESS_LOG_CLUSTER);
    }

    @Test
    void enforceUsesRulesWithDefaultDeny() throws Exception {
      RBAC rbac = rbacFilter(translator.translate(state(Mode.ENFORCE, allowFromCidr("a", "10.0.0.0", 8)),
          SIDECAR, List.of()).listeners().get(0), ResourceNames.RBAC_ALLOW_FILTER);

      assertThat(rbac.hasRules()).isTrue();
      assertThat(rbac.hasShadowRules()).isFalse();
      assertThat(rbac.getRules().getAction())
          .isEqualTo(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.ALLOW);
      assertThat(rbac.getRules().getPoliciesMap()).containsOnlyKeys("shop/payments-api/a");
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"LEARN", "MONITOR"})
    void learnAndMonitorOnlyShadowTheAllowlist(Mode mode) throws Exception {
      RBAC rbac = rbacFilter(translator.translate(state(mode, allowFromCidr("a", "10.0.0.0", 8)), SIDECAR,
          List.of()).listeners().get(0), ResourceNames.RBAC_ALLOW_FILTER);

      assertThat(rbac.hasRules()).isFalse();
      assertThat(rbac.getShadowRules().getPoliciesMap()).containsOnlyKeys("shop/payments-api/a");
      assertThat(rbac.getShadowRulesStatPrefix()).isEqualTo(ResourceNames.RBAC_ALLOW_STAT_PREFIX);
    }

    @Test
    void enforceWithoutAnyRuleDeniesEverything() throws Exception {
      MeshState noPolicy = new MeshState(1, MeshConfig.defaults(), List.of(),
          Map.of(ModeTarget.namespace("shop"), Mode.ENFORCE));

      RBAC rbac = rbacFilter(translator.translate(noPolicy, SIDECAR, List.of()).listeners().get(0),
          ResourceNames.RBAC_ALLOW_FILTER);

      assertThat(rbac.hasRules()).isTrue();
      assertThat(rbac.getRules().getPoliciesMap()).isEmpty();
    }

    @Test
    void explicitDenyRulesGetTheirOwnFilterAheadOfTheAllowlist() throws Exception {
      IngressRule deny = new IngressRule("no-batch", RuleAction.DENY,
          List.of(new Source.ServiceAccount("batch", "exporter")), List.of(), Optional.empty());
      Listener listener = translator.translate(state(Mode.ENFORCE, allowFromCidr("a", "10.0.0.0", 8), deny),
          SIDECAR, List.of()).listeners().get(0);

      assertThat(filterNames(listener)).startsWith(ResourceNames.RBAC_DENY_FILTER, ResourceNames.RBAC_ALLOW_FILTER);
      RBAC denyFilter = rbacFilter(listener, ResourceNames.RBAC_DENY_FILTER);
      assertThat(denyFilter.getRules().getAction()).isEqualTo(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.DENY);
      assertThat(denyFilter.getRules().getPoliciesMap()).containsOnlyKeys("shop/payments-api/no-batch");
      assertThat(rbacFilter(listener, ResourceNames.RBAC_ALLOW_FILTER).getRules().getPoliciesMap())
          .containsOnlyKeys("shop/payments-api/a");
    }

    @Test
    void sourcesBecomeAuthenticatedPrincipalsOrRemoteAddresses() throws Exception {
      IngressRule rule = new IngressRule("all-kinds", RuleAction.ALLOW, List.of(
          new Source.Principal("spiffe://example.org/ns/ops/sa/prober"),
          new Source.ServiceAccount("shop", "checkout"),
          new Source.Namespace("monitoring"),
          new Source.Cidr("192.168.0.0", 16)), List.of(), Optional.empty());
      RBAC rbac = rbacFilter(translator.translate(state(Mode.ENFORCE, rule), SIDECAR, List.of()).listeners().get(0),
          ResourceNames.RBAC_ALLOW_FILTER);

      List<Principal> principals = rbac.getRules().getPoliciesMap().get("shop/payments-api/all-kinds")
          .getPrincipalsList();
      assertThat(principals.get(0).getAuthenticated().getPrincipalName().getExact())
          .isEqualTo("spiffe://example.org/ns/ops/sa/prober");
      assertThat(principals.get(1).getAuthenticated().getPrincipalName().getExact())
          .isEqualTo("spiffe://cluster.local/ns/shop/sa/checkout");
      assertThat(principals.get(2).getAuthenticated().getPrincipalName().getPrefix())
          .isEqualTo("spiffe://cluster.local/ns/monitoring/sa/");
      assertThat(principals.get(3).getDirectRemoteIp().getAddressPrefix()).isEqualTo("192.168.0.0");
      assertThat(principals.get(3).getDirectRemoteIp().getPrefixLen().getValue()).isEqualTo(16);
    }

    @Test
    void portsMethodsAndPathsAllMustMatch() throws Exception {
      IngressRule rule = allowFromServiceAccount("api", "shop", "checkout", List.of(8080, 8443),
          List.of("GET", "POST"), List.of("/healthz", "/api/**", "/orders/{id}/items/*"));
      RBAC rbac = rbacFilter(translator.translate(state(Mode.ENFORCE, rule), SIDECAR, List.of()).listeners().get(0),
          ResourceNames.RBAC_ALLOW_FILTER);

      var and = rbac.getRules().getPoliciesMap().get("shop/payments-api/api").getPermissions(0).getAndRules();
      assertThat(and.getRulesList()).hasSize(3);
      assertThat(and.getRules(0).getOrRules().getRulesList())
          .extracting(p -> p.getDestinationPort()).containsExactly(8080, 8443);
      assertThat(and.getRules(1).getOrRules().getRulesList())
          .extracting(p -> p.getHeader().getStringMatch().getExact()).containsExactly("GET", "POST");
      var paths = and.getRules(2).getOrRules().getRulesList();
      assertThat(paths.get(0).getUrlPath().getPath().getExact()).isEqualTo("/healthz");
      assertThat(paths.get(1).getUrlPath().getPath().getPrefix()).isEqualTo("/api/");
      assertThat(paths.get(2).getUrlPath().getPath().getSafeRegex().getRegex()).isEqualTo("/orders/[^/]+/items/[^/]+");
    }

    @Test
    void theRouteTellsWafFilterWhoseTrafficItIsInspecting() throws Exception {
      RouteConfiguration route = translator.translate(state(Mode.MONITOR), SIDECAR, List.of()).routes().get(0);

      ExtAuthzPerRoute perRoute = route.getVirtualHosts(0).getRoutes(0).getTypedPerFilterConfigMap()
          .get(ResourceNames.EXT_AUTHZ_FILTER).unpack(ExtAuthzPerRoute.class);
      assertThat(perRoute.getCheckSettings().getContextExtensionsMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
          "meshward.workload", "shop/payments",
          "meshward.mode", "MONITOR",
          "meshward.profile", "default",
          "meshward.dlp-profile", "default",
          "meshward.policy", "shop/payments-api"));
      assertThat(route.getVirtualHosts(0).getRoutes(0).getRoute().getCluster())
          .isEqualTo(ResourceNames.LOCAL_APP_CLUSTER);
    }

    @Test
    void inspectionSettingsComeFromTheMeshConfig() throws Exception {
      MeshConfig.Inspection inspection = new MeshConfig.Inspection(FailureMode.CLOSED, "waf.meshward:9191", 0,
          Duration.ofMillis(500), "default", "default");
      MeshConfig mesh = new MeshConfig(MeshConfig.defaults().metadata(), new MeshConfig.Spec(Mode.LEARN,
          "cluster.local", inspection, MeshConfig.AutoPromotion.defaults(), MeshConfig.Quarantine.defaults()));
      NodeResources resources = translator.translate(new MeshState(1, mesh, List.of(), Map.of()), SIDECAR,
          List.of());

      HttpConnectionManager hcm = hcm(resources.listeners().get(0));
      ExtAuthz extAuthz = hcm.getHttpFilters(1).getTypedConfig().unpack(ExtAuthz.class);
      ExternalProcessor extProc = hcm.getHttpFilters(2).getTypedConfig().unpack(ExternalProcessor.class);
      assertThat(extAuthz.getFailureModeAllow()).isFalse();
      assertThat(extProc.getFailureModeAllow()).isFalse();
      assertThat(extAuthz.hasWithRequestBody()).as("no body is buffered when the limit is 0").isFalse();
      assertThat(extAuthz.getGrpcService().getTimeout().getNanos()).isEqualTo(500_000_000);
      Cluster waf = resources.clusters().get(1);
      assertThat(waf.getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
      assertThat(waf.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress()
          .getSocketAddress().getAddress()).isEqualTo("waf.meshward");
    }

    @Test
    void theSameInputAlwaysGivesTheSameVersionsAndAModeChangeLeavesClustersAlone() {
      NodeResources learn1 = translator.translate(state(Mode.LEARN, allowFromCidr("a", "10.0.0.0", 8)), SIDECAR,
          List.of());
      NodeResources learn2 = translator.translate(state(Mode.LEARN, allowFromCidr("a", "10.0.0.0", 8)), SIDECAR,
          List.of());
      NodeResources enforce = translator.translate(state(Mode.ENFORCE, allowFromCidr("a", "10.0.0.0", 8)),
          SIDECAR, List.of());

      assertThat(learn1.versions()).isEqualTo(learn2.versions());
      assertThat(enforce.versions().listeners()).isNotEqualTo(learn1.versions().listeners());
      assertThat(enforce.versions().routes()).isNotEqualTo(learn1.versions().routes());
      assertThat(enforce.versions().clusters()).isEqualTo(learn1.versions().clusters());
    }
  }

  @Nested
  class ProxylessServer {
    @Test
    void oneListenerPerRequestedNameWithRbacThenRouterAndANonForwardingRoute() throws Exception {
      NodeResources resources = translator.translate(state(Mode.ENFORCE, allowFromCidr("a", "10.0.0.0", 8)),
          PROXYLESS, serverListeners(50051, 50052));

      assertThat(resources.listeners()).extracting(Listener::getName).containsExactly(
          "grpc/server?xds.resource.listening_address=0.0.0.0:50051",
          "grpc/server?xds.resource.listening_address=0.0.0.0:50052");
      Listener first = resources.listeners().get(0);
      assertThat(first.getAddress().getSocketAddress().getAddress()).isEqualTo("0.0.0.0");
      assertThat(first.getAddress().getSocketAddress().getPortValue()).isEqualTo(50051);
      assertThat(first.getFilterChainsCount()).isEqualTo(1);
      assertThat(first.getFilterChains(0).getFiltersCount()).isEqualTo(1);
      assertThat(filterNames(first)).containsExactly(ResourceNames.RBAC_ALLOW_FILTER, ResourceNames.ROUTER_FILTER);
      assertThat(hcm(first).getRds().getRouteConfigName()).isEqualTo("meshward-inbound-50051");
      assertThat(resources.routes()).extracting(RouteConfiguration::getName)
          .containsExactly("meshward-inbound-50051", "meshward-inbound-50052");
      assertThat(resources.routes().get(0).getVirtualHosts(0).getRoutes(0).hasNonForwardingAction()).isTrue();
      assertThat(resources.clusters()).isEmpty();
    }

    @Test
    void aServerThatAsksForNothingGetsNothing() {
      NodeResources resources = translator.translate(state(Mode.ENFORCE), PROXYLESS, serverListeners());
      assertThat(resources.listeners()).isEmpty();
      assertThat(resources.routes()).isEmpty();
    }
  }

  @Test
  void listenerNamesWithoutAnAddressAreNotServerListeners() {
    assertThat(ServerListener.fromName("outbound|8080||payments")).isEmpty();
    assertThat(ServerListener.fromName("grpc/server?xds.resource.listening_address=[::]:50051"))
        .hasValueSatisfying(l -> {
          assertThat(l.host()).isEqualTo("::");
          assertThat(l.port()).isEqualTo(50051);
        });
    assertThat(ServerListener.fromName("grpc/server?xds.resource.listening_address=0.0.0.0:99999")).isEmpty();
  }
}
