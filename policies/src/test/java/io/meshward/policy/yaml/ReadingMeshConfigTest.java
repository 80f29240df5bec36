package io.meshward.policy.yaml;

import static io.meshward.policy.yaml.PolicyTexts.formattedErrors;
import static io.meshward.policy.yaml.PolicyTexts.readOne;
import static io.meshward.policy.yaml.PolicyTexts.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.FailureMode;
import io.meshward.policy.model.MeshConfig;
import io.meshward.policy.model.Mode;
import io.meshward.policy.model.ObjectMeta;
import io.meshward.policy.model.Severity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadingMeshConfigTest {

  @Test
  void readsEveryFieldAcceptingEnumsInAnyCase() {
    MeshConfig config = (MeshConfig) readOne(resource("mesh-config.yaml"));

    assertThat(config).isEqualTo(new MeshConfig(
        new ObjectMeta("default", "", Map.of("app.kubernetes.io/managed-by", "meshctl"), Map.of()),
        new MeshConfig.Spec(Mode.MONITOR, "prod.example.org",
            new MeshConfig.Inspection(FailureMode.CLOSED, "[fd00::10]:9191", 131072, Duration.ofSeconds(1),
                "strict", "pci"),
            new MeshConfig.AutoPromotion(true, Duration.ofHours(48), Duration.ofSeconds(90)),
            new MeshConfig.Quarantine(false, 10, Severity.ERROR, Duration.ofMinutes(5), Duration.ofHours(1)))));
  }

  @Test
  void aMeshConfigWithoutSpecIsTheDefaults() {
    MeshConfig config = (MeshConfig) readOne("""
        apiVersion: meshward.io/v1alpha1
        kind: MeshConfig
        metadata:
          name: default
        """);

    assertThat(config).isEqualTo(MeshConfig.defaults());
  }

  @Test
  void absentAndNullFieldsTakeTheirDefaultsOneByOne() {
    MeshConfig config = (MeshConfig) readOne("""
        apiVersion: meshward.io/v1alpha1
        kind: MeshConfig
        metadata:
          name: default
        spec:
          defaultMode: ENFORCE
          trustDomain:
          inspection:
            timeout: 100ms
          autoPromotion: {}
          quarantine:
            minSeverity: ~
            events: 3
        """);

    MeshConfig.Spec defaults = MeshConfig.Spec.defaults();
    assertThat(config.spec()).isEqualTo(new MeshConfig.Spec(Mode.ENFORCE, defaults.trustDomain(),
        new MeshConfig.Inspection(FailureMode.OPEN, "127.0.0.1:9191", 65536, Duration.ofMillis(100), "default",
            "default"),
        defaults.autoPromotion(),
        new MeshConfig.Quarantine(true, 3, Severity.CRITICAL, Duration.ofSeconds(60), Duration.ofHours(1))));
  }

  @Test
  void isClusterScopedAndASingletonNamedDefault() {
    assertThat(formattedErrors("""
        apiVersion: meshward.io/v1alpha1
        kind: MeshConfig
        metadata:
          name: mesh
          namespace: shop
        """)).containsExactly(
        "test.yaml:4:9: document 1 (MeshConfig shop/mesh): metadata.name: MeshConfig is a singleton: its name must"
            + " be \"default\", not \"mesh\"",
        "test.yaml:5:14: document 1 (MeshConfig shop/mesh): metadata.namespace: MeshConfig is cluster-scoped:"
            + " remove 'namespace'");
  }

  @Test
  void checksTheRangeAndSyntaxOfEverySetting() {
    assertThat(formattedErrors("""
        apiVersion: meshward.io/v1alpha1
        kind: MeshConfig
        metadata:
          name: default
        spec:
          defaultMode: enforcing
          trustDomain: Cluster.Local
          inspection:
            failureMode: ajar
            wafFilterAddress: waf-filter
            maxRequestBodyBytes: 16777217
            timeout: 2m
            wafProfile: Strict_Profile
            dlpProfile: ""
          autoPromotion:
            enabled: "true"
            learnToMonitorAfter: 1d
            monitorToEnforceAfter: 0s
          quarantine:
            enabled: maybe
            events: 0
            minSeverity: critical
            window: 1.5
            duration: -1h
        """)).containsExactly(
        "test.yaml:6:16: document 1 (MeshConfig default): spec.defaultMode: unknown value \"enforcing\": expected"
            + " one of LEARN, MONITOR, ENFORCE",
        "test.yaml:7:16: document 1 (MeshConfig default): spec.trustDomain: \"Cluster.Local\" is not a valid SPIFFE"
            + " trust domain: use at most 255 lowercase letters, digits, '.', '-' and '_'",
        "test.yaml:9:18: document 1 (MeshConfig default): spec.inspection.failureMode: unknown value \"ajar\":"
            + " expected one of OPEN, CLOSED",
        "test.yaml:10:23: document 1 (MeshConfig default): spec.inspection.wafFilterAddress: invalid address"
            + " \"waf-filter\": expected host:port, such as 127.0.0.1:9191",
        "test.yaml:11:26: document 1 (MeshConfig default): spec.inspection.maxRequestBodyBytes: must be between 0"
            + " and 16777216, got 16777217",
        "test.yaml:12:14: document 1 (MeshConfig default): spec.inspection.timeout: must be at most 1m, got 2m",
        "test.yaml:13:17: document 1 (MeshConfig default): spec.inspection.wafProfile: \"Strict_Profile\" is not a"
            + " valid DNS-1123 label: use at most 63 lowercase letters, digits and '-', starting and ending with a"
            + " letter or digit",
        "test.yaml:14:17: document 1 (MeshConfig default): spec.inspection.dlpProfile: \"\" is not a valid DNS-1123"
            + " label: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
        "test.yaml:16:14: document 1 (MeshConfig default): spec.autoPromotion.enabled: expected a boolean (true or"
            + " false), got a string",
        "test.yaml:17:26: document 1 (MeshConfig default): spec.autoPromotion.learnToMonitorAfter: invalid duration"
            + " \"1d\": expected a whole number followed by ms, s, m or h, such as 250ms, 30s, 5m or 24h",
        "test.yaml:18:28: document 1 (MeshConfig default): spec.autoPromotion.monitorToEnforceAfter: invalid"
            + " duration \"0s\": must be greater than zero",
        "test.yaml:20:14: document 1 (MeshConfig default): spec.quarantine.enabled: expected a boolean (true or"
            + " false), got a string",
        "test.yaml:21:13: document 1 (MeshConfig default): spec.quarantine.events: must be between 1 and 100000,"
            + " got 0",
        "test.yaml:23:13: document 1 (MeshConfig default): spec.quarantine.window: expected a string, got a"
            + " floating-point number: quote it",
        "test.yaml:24:15: document 1 (MeshConfig default): spec.quarantine.duration: invalid duration \"-1h\":"
            + " expected a whole number followed by ms, s, m or h, such as 250ms, 30s, 5m or 24h");
  }

  @Test
  void booleansAreTrueOrFalseAsKubernetesReadsThem() {
    String template = """
        apiVersion: meshward.io/v1alpha1
        kind: MeshConfig
        metadata: {name: default}
        spec:
          autoPromotion: {enabled: %s}
        """;

    assertThat(((MeshConfig) readOne(template.formatted("True"))).spec().autoPromotion().enabled()).isTrue();
    assertThat(((MeshConfig) readOne(template.formatted("yes"))).spec().autoPromotion().enabled()).isTrue();
    assertThat(((MeshConfig) readOne(template.formatted("off"))).spec().autoPromotion().enabled()).isFalse();
    assertThat(formattedErrors(template.formatted("!!bool maybe"))).containsExactly("test.yaml:5:28: document 1"
        + " (MeshConfig default): spec.autoPromotion.enabled: \"maybe\" is not a valid boolean");
  }

  @Test
  void acceptsEveryKindOfWafFilterAddress() {
    for (String address : new String[] {"127.0.0.1:9191", "waf-filter.meshward.svc:443", "[::1]:9191",
        "localhost:1", "WAF.example.org:65535"}) {
      MeshConfig config = (MeshConfig) readOne("""
          apiVersion: meshward.io/v1alpha1
          kind: MeshConfig
          metadata: {name: default}
          spec:
            inspection: {wafFilterAddress: "%s"}
          """.formatted(address));

      assertThat(config.spec().inspection().wafFilterAddress()).isEqualTo(address);
    }
  }
}
