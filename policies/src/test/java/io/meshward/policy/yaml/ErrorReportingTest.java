package io.meshward.policy.yaml;

import static io.meshward.policy.yaml.PolicyTexts.CODEC;
import static io.meshward.policy.yaml.PolicyTexts.errors;
import static io.meshward.policy.yaml.PolicyTexts.formattedErrors;
import static io.meshward.policy.yaml.PolicyTexts.policyWithRule;
import static io.meshward.policy.yaml.PolicyTexts.policyWithSpec;
import static io.meshward.policy.yaml.PolicyTexts.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.meshward.policy.validate.LocatedDocument;
import io.meshward.policy.validate.Location;
import io.meshward.policy.validate.PolicyError;
import io.meshward.policy.validate.PolicyValidationException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorReportingTest {

  @Test
  void aFileIsAcceptedWholeOrNotAtAll() {
    assertThatThrownBy(() -> CODEC.read("policies/invalid-mixed.yaml", resource("invalid-mixed.yaml")))
        .isInstanceOf(PolicyValidationException.class)
        .hasMessage("""
            policies/invalid-mixed.yaml:22:17: document 2 (WorkloadPolicy shop/payments): \
            spec.ingress[0].from[1].cidr: invalid CIDR "10.0.0.0/33": prefix length must be 0-32 for IPv4
            policies/invalid-mixed.yaml:23:7: document 2 (WorkloadPolicy shop/payments): \
            spec.ingress[0].prots: unknown field 'prots'; did you mean 'ports'?""");
  }

  @Test
  void everyErrorOfEveryDocumentIsReportedInTheOrderOfTheFile() {
    List<PolicyError> errors = errors("""
        apiVersion: meshward.io/v1alpha1
        kind: WorkloadPolicy
        metadata: {name: a, namespace: shop}
        spec:
          selector: {workload: a}
          mode: ENFORCING
          ingress:
            - name: r
              ports: [0]
        ---
        apiVersion: meshward.io/v1
        kind: MeshConfig
        metadata: {name: default}
        spec: {defaultMode: loud}
        """);

    assertThat(errors).extracting(PolicyError::document, PolicyError::line, PolicyError::path).containsExactly(
        tuple(1, 6, "spec.mode"),
        tuple(1, 9, "spec.ingress[0].ports[0]"),
        tuple(2, 11, "apiVersion"),
        tuple(2, 14, "spec.defaultMode"));
  }

  @Test
  void theSourceNameIsUsedAsGiven() {
    assertThatThrownBy(() -> CODEC.read("request body", "apiVersion: meshward.io/v1alpha1\nkind: Foo\n"))
        .hasMessage("request body:2:7: document 1: kind: unknown kind \"Foo\": known kinds are DlpSensor, MeshConfig,"
            + " WafProfile, WorkloadPolicy");
  }

  @Test
  void theNumberOfErrorsIsCapped() {
    String ports = "[" + "0, ".repeat(500) + "0]";

    List<PolicyError> errors = errors(policyWithRule("ports: " + ports + "\n"));

    assertThat(errors).hasSize(200);
    assertThat(errors.get(199).format()).isEqualTo("test.yaml: too many errors: only the first 199 are shown");
  }

  @Nested
  class ApiVersionAndKind {
    @Test
    void onlyTheSupportedApiVersionIsAccepted() {
      assertThat(formattedErrors("""
          apiVersion: meshward.io/v1
          kind: MeshConfig
          metadata: {name: default}
          """)).containsExactly("test.yaml:1:13: document 1 (MeshConfig default): apiVersion: unsupported"
          + " apiVersion \"meshward.io/v1\": the supported apiVersion is meshward.io/v1alpha1");
    }

    @Test
    void anUnknownKindIsNamedWithTheKnownOnes() {
      assertThat(formattedErrors("""
          apiVersion: meshward.io/v1alpha1
          kind: workloadPolicy
          metadata: {name: x}
          """)).containsExactly("test.yaml:2:7: document 1: kind: unknown kind \"workloadPolicy\": known kinds"
          + " are DlpSensor, MeshConfig, WafProfile, WorkloadPolicy; did you mean WorkloadPolicy?");
      assertThat(formattedErrors("""
          apiVersion: meshward.io/v1alpha1
          kind: Deployment
          """)).containsExactly("test.yaml:2:7: document 1: kind: unknown kind \"Deployment\": known kinds"
          + " are DlpSensor, MeshConfig, WafProfile, WorkloadPolicy");
    }

    @Test
    void bothAreRequired() {
      assertThat(formattedErrors("metadata: {name: default}\n")).containsExactly(
          "test.yaml:1:1: document 1: apiVersion: missing required field 'apiVersion'",
          "test.yaml:1:1: document 1: kind: missing required field 'kind'");
    }
  }

  @Nested
  class UnknownFields {
    @Test
    void aCloseMisspellingGetsASuggestion() {
      assertThat(formattedErrors(policyWithSpec("ingres: []\nprofile: {waf: x}\n"))).containsExactly(
          "test.yaml:9:3: document 1 (WorkloadPolicy shop/payments): spec.ingres: unknown field 'ingres'; did you"
              + " mean 'ingress'?",
          "test.yaml:10:3: document 1 (WorkloadPolicy shop/payments): spec.profile: unknown field 'profile'; did"
              + " you mean 'profiles'?");
    }

    @Test
    void otherwiseTheKnownFieldsAreListed() {
      assertThat(formattedErrors(policyWithSpec("replicas: 3\n"))).containsExactly(
          "test.yaml:9:3: document 1 (WorkloadPolicy shop/payments): spec.replicas: unknown field 'replicas'; known"
              + " fields are selector, mode, ingress, profiles, autoPromotion");
    }

    @Test
    void areFoundAtEveryLevel() {
      assertThat(formattedErrors("""
          apiVersion: meshward.io/v1alpha1
          kind: MeshConfig
          status: {}
          metadata: {name: default, uid: "1"}
          spec:
            inspection: {timout: 1s}
          """)).containsExactly(
          "test.yaml:3:1: document 1 (MeshConfig default): status: unknown field 'status'; known fields are"
              + " apiVersion, kind, metadata, spec",
          "test.yaml:4:27: document 1 (MeshConfig default): metadata.uid: unknown field 'uid'; known fields are"
              + " name, namespace, labels, annotations",
          "test.yaml:6:16: document 1 (MeshConfig default): spec.inspection.timout: unknown field 'timout'; did"
              + " you mean 'timeout'?");
    }

    @Test
    void oddKeysAreQuotedInThePath() {
      assertThat(formattedErrors(policyWithSpec("\"a.b\\nc\": 1\n"))).singleElement().isEqualTo(
          "test.yaml:9:3: document 1 (WorkloadPolicy shop/payments): spec[\"a.b\\nc\"]: unknown field 'a.b\\nc';"
              + " known fields are selector, mode, ingress, profiles, autoPromotion");
    }
  }

  @Nested
  class WrongTypes {
    @Test
    void nameWhatWasExpectedAndWhatWasFound() {
      assertThat(formattedErrors("""
          apiVersion: meshward.io/v1alpha1
          kind: WorkloadPolicy
          metadata:
            name: 2024
            namespace: [shop]
            labels: {version: 1.10}
          spec:
            selector: {workload: true}
            mode: [ENFORCE]
            ingress:
              name: r
          """)).containsExactly(
          "test.yaml:4:9: document 1 (WorkloadPolicy): metadata.name: expected a string, got an integer: quote it",
          "test.yaml:5:14: document 1 (WorkloadPolicy): metadata.namespace: expected a string, got a list",
          "test.yaml:6:21: document 1 (WorkloadPolicy): metadata.labels.version: expected a string, got a"
              + " floating-point number: quote it",
          "test.yaml:8:24: document 1 (WorkloadPolicy): spec.selector.workload: expected a string, got a boolean:"
              + " quote it",
          "test.yaml:9:9: document 1 (WorkloadPolicy): spec.mode: expected a string, got a list",
          "test.yaml:11:5: document 1 (WorkloadPolicy): spec.ingress: expected a list, got a mapping");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "on", "Off", "true", "False", "~x"})
    void wordsThatKubernetesReadsAsBooleansMustBeQuotedToBeStrings(String word) {
      String text = policyWithSpec("profiles: {waf: " + word + "}\n");
      if (word.equals("~x")) {
        // Not a boolean anywhere: a plain string, rejected only for its syntax.
        assertThat(formattedErrors(text)).singleElement().asString().contains("is not a valid DNS-1123 label");
      } else {
        assertThat(formattedErrors(text)).singleElement().asString()
            .endsWith("spec.profiles.waf: expected a string, got a boolean: quote it");
      }
    }

    @Test
    void quotedWordsAreStrings() {
      assertThat(PolicyTexts.readPolicy(policyWithSpec("profiles: {waf: \"on\", dlp: 'no'}\n")).spec().profiles())
          .extracting(p -> p.waf().orElseThrow(), p -> p.dlp().orElseThrow())
          .containsExactly("on", "no");
    }

    @Test
    void yamlTagsOtherThanTheStandardOnesAreRejected() {
      assertThat(formattedErrors(policyWithSpec("profiles: {waf: !vault secret/waf, dlp: !!str strict}\n")))
          .containsExactly("test.yaml:9:19: document 1 (WorkloadPolicy shop/payments): spec.profiles.waf: expected"
              + " a string, got a value with the unsupported tag !vault");
    }

    @Test
    void fieldNamesMustBeStrings() {
      assertThat(formattedErrors(policyWithSpec("1: x\n"))).containsExactly(
          "test.yaml:9:3: document 1 (WorkloadPolicy shop/payments): spec: expected a field name (a string), got an"
              + " integer");
    }

    @Test
    void aDocumentMustBeAMapping() {
      assertThat(formattedErrors("just a string\n---\n- a\n- list\n")).containsExactly(
          "test.yaml:1:1: document 1: expected a mapping with apiVersion, kind, metadata and spec, got a string",
          "test.yaml:3:1: document 2: expected a mapping with apiVersion, kind, metadata and spec, got a list");
    }
  }

  @Test
  void aFieldMayOnlyBeGivenOnce() {
    assertThat(formattedErrors("""
        apiVersion: meshward.io/v1alpha1
        kind: WorkloadPolicy
        metadata:
          name: a
          namespace: shop
          labels: {app: x, app: y}
          name: b
        spec:
          selector: {workload: a}
        """)).containsExactly(
        "test.yaml:6:20: document 1 (WorkloadPolicy shop/a): metadata.labels.app: duplicate field 'app': it is"
            + " already set at line 6",
        "test.yaml:7:3: document 1 (WorkloadPolicy shop/a): metadata.name: duplicate field 'name': it is already"
            + " set at line 4");
  }

  @Nested
  class Documents {
    @ParameterizedTest
    @ValueSource(strings = {"", "   \n\n", "# only a comment\n# and another\n"})
    void aTextWithoutDocumentsIsRejected(String text) {
      assertThat(formattedErrors(text))
          .containsExactly("test.yaml: no documents: the text is empty or holds only comments");
    }

    @Test
    void anEmptyDocumentIsAnError() {
      String valid = policyWithSpec("");
      assertThat(formattedErrors(valid + "---\n---\n" + valid.replace("payments", "cart"))).containsExactly(
          "test.yaml:9:1: document 2: empty document: remove the extra '---' or give the document content");
      assertThat(formattedErrors("---\n")).containsExactly(
          "test.yaml:1:1: document 1: empty document: remove the extra '---' or give the document content");
    }

    @Test
    void syntaxErrorsNameTheirLineAndTheDocumentTheyAreIn() {
      String valid = policyWithSpec("");
      assertThat(formattedErrors(valid + "---\nkind: [MeshConfig\n")).containsExactly(
          "test.yaml:11:1: document 2: invalid YAML: expected ',' or ']', but got <stream end> (while parsing a"
              + " flow sequence that starts at line 10, column 7)");
    }

    @Test
    void documentsBeforeASyntaxErrorAreStillChecked() {
      assertThat(formattedErrors(policyWithSpec("mode: often\n") + "---\nkind: : :\n"))
          .hasSize(2)
          .first().asString().contains("spec.mode: unknown value \"often\"");
    }
  }

  @Test
  void readLocatedKeepsWhereEachFieldWas() throws PolicyValidationException {
    List<LocatedDocument> documents = CODEC.readLocated("w.yaml", resource("workload-policies.yaml"));

    assertThat(documents).extracting(LocatedDocument::index).containsExactly(1, 2);
    LocatedDocument first = documents.get(0);
    assertThat(first.source()).isEqualTo("w.yaml");
    assertThat(first.locationOf("")).isEqualTo(new Location(2, 1));
    assertThat(first.locationOf("metadata.name")).isEqualTo(new Location(5, 9));
    assertThat(first.locationOf("spec.ingress[0].from[4].cidr")).isEqualTo(new Location(22, 17));
    assertThat(first.locationOf("spec.ingress[1]")).isEqualTo(new Location(33, 7));
    assertThat(first.locationOf("spec.ingress[1].ports")).isEqualTo(new Location(33, 7));
    assertThat(documents.get(1).locationOf("spec.selector.matchLabels")).isEqualTo(new Location(48, 5));
  }
}
