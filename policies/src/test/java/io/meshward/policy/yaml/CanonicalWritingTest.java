package io.meshward.policy.yaml;

import static io.meshward.policy.yaml.PolicyTexts.CODEC;
import static io.meshward.policy.yaml.PolicyTexts.read;
import static io.meshward.policy.yaml.PolicyTexts.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.HeaderMatch;
import io.meshward.policy.model.HttpMatch;
import io.meshward.policy.model.IngressRule;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.RuleAction;
import io.meshward.policy.model.Source;
import io.meshward.policy.model.WorkloadPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalWritingTest {

  @ParameterizedTest(name = "{0} is written as {1}")
  @CsvSource({
      "mesh-config.yaml, mesh-config.canonical.yaml",
      "workload-policies.yaml, workload-policies.canonical.yaml",
  })
  void writesTheCanonicalForm(String input, String canonical) {
    assertThat(CODEC.write(read(resource(input)))).isEqualTo(resource(canonical));
  }

  @Test
  void theCanonicalFormIsAFixedPoint() {
    for (String canonical : List.of("mesh-config.canonical.yaml", "workload-policies.canonical.yaml")) {
      assertThat(CODEC.write(read(resource(canonical)))).isEqualTo(resource(canonical));
    }
  }

  @Test
  void aMeshConfigIsWrittenInFullSoThatAnExportShowsWhatIsInForce() {
    assertThat(CODEC.write(MeshConfig.defaults())).isEqualTo("""
        apiVersion: meshward.io/v1alpha1
        kind: MeshConfig
        metadata:
          name: default
        spec:
          defaultMode: LEARN
          trustDomain: cluster.local
          inspection:
            failureMode: OPEN
            wafFilterAddress: 127.0.0.1:9191
            maxRequestBodyBytes: 65536
            timeout: 250ms
            wafProfile: default
            dlpProfile: default
          autoPromotion:
            enabled: false
            learnToMonitorAfter: 24h
            monitorToEnforceAfter: 72h
          quarantine:
            enabled: true
            events: 5
            minSeverity: CRITICAL
            window: 1m
            duration: 1h
        """);
  }

  @Test
  void aWorkloadPolicyLeavesOutAbsentAndEmptyFieldsButKeepsAnEmptyMatchLabels() {
    WorkloadPolicy policy = new WorkloadPolicy(ObjectMeta.of("shop", "all"), new WorkloadPolicy.Spec(
        WorkloadPolicy.Selector.byLabels(Map.of()), Optional.empty(),
        List.of(new IngressRule("anyone", RuleAction.ALLOW, List.of(), List.of(),
            Optional.of(new HttpMatch(List.of(), List.of(), List.of())))),
        WorkloadPolicy.Profiles.NONE));

    assertThat(CODEC.write(policy)).isEqualTo("""
        apiVersion: meshward.io/v1alpha1
        kind: WorkloadPolicy
        metadata:
          name: all
          namespace: shop
        spec:
          selector:
            matchLabels: {}
          ingress:
            - name: anyone
              action: ALLOW
        """);
  }

  @Test
  void sourcesAreWrittenOneKeyEachWithServiceAccountsAlwaysQualified() {
    WorkloadPolicy policy = new WorkloadPolicy(ObjectMeta.of("shop", "p"), new WorkloadPolicy.Spec(
        WorkloadPolicy.Selector.byWorkload("p"), Optional.empty(),
        List.of(new IngressRule("r", RuleAction.DENY, List.of(
            new Source.ServiceAccount("shop", "frontend"),
            new Source.Cidr("2001:db8::", 32),
            new Source.Cidr("10.1.2.3", 32)), List.of(443), Optional.empty())),
        WorkloadPolicy.Profiles.NONE));

    assertThat(CODEC.write(policy)).endsWith("""
          ingress:
            - name: r
              action: DENY
              from:
                - serviceAccount: shop/frontend
                - cidr: 2001:db8::/32
                - cidr: 10.1.2.3/32
              ports:
                - 443
        """);
  }

  @Test
  void stringsThatWouldReadBackAsAnotherTypeAreQuoted() {
    Map<String, String> annotations = new LinkedHashMap<>();
    for (String value : List.of("yes", "off", "true", "null", "~", "123", "1.5", "0x1F", "")) {
      annotations.put("k" + annotations.size(), value);
    }
    annotations.put("multi", "two\nlines");
    WorkloadPolicy policy = new WorkloadPolicy(new ObjectMeta("p", "shop", Map.of(), annotations),
        new WorkloadPolicy.Spec(WorkloadPolicy.Selector.byWorkload("p"), Optional.empty(), List.of(),
            WorkloadPolicy.Profiles.NONE));

    assertThat(CODEC.write(policy)).contains("""
          annotations:
            k0: 'yes'
            k1: 'off'
            k2: 'true'
            k3: 'null'
            k4: '~'
            k5: '123'
            k6: '1.5'
            k7: '0x1F'
            k8: ''
            multi: "two\\nlines"
        """);
  }

  @Test
  void headerNamesAreWrittenInLowerCaseAndMethodsInUpperCase() {
    WorkloadPolicy policy = new WorkloadPolicy(ObjectMeta.of("shop", "p"), new WorkloadPolicy.Spec(
        WorkloadPolicy.Selector.byWorkload("p"), Optional.empty(),
        List.of(new IngressRule("r", RuleAction.ALLOW, List.of(), List.of(), Optional.of(new HttpMatch(
            List.of("get"), List.of(), List.of(new HeaderMatch("X-Tenant", HeaderMatch.Kind.PRESENT, "")))))),
        WorkloadPolicy.Profiles.NONE));

    assertThat(CODEC.write(policy)).endsWith("""
              http:
                methods:
                  - GET
                headers:
                  - name: x-tenant
                    present: true
        """);
  }

  @Test
  void documentsAreSeparatedByDashLines() {
    MeshConfig config = MeshConfig.defaults();
    String one = CODEC.write(config);

    assertThat(CODEC.write(List.of(config, config))).isEqualTo(one + "---\n" + one);
    assertThat(CODEC.write(List.of())).isEmpty();
  }
}
