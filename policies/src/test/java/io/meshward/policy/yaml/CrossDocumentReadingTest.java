package io.meshward.policy.yaml;

import static io.meshward.policy.yaml.PolicyTexts.CODEC;
import static io.meshward.policy.yaml.PolicyTexts.formattedErrors;
import static io.meshward.policy.yaml.PolicyTexts.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.PolicyDocument;
import io.meshward.policy.validate.LocatedDocument;
import io.meshward.policy.validate.PolicyError;
import io.meshward.policy.validate.PolicySetValidator;
import io.meshward.policy.validate.PolicyValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a file also checks its documents against each other, with errors pointing into the file. */
class CrossDocumentReadingTest {

  private static final String PAYMENTS = """
      apiVersion: meshward.io/v1alpha1
      kind: WorkloadPolicy
      metadata:
        name: %s
        namespace: shop
      spec:
        selector:
          workload: payments
      """;

  @Test
  void aFileThatDefinesADocumentTwiceIsRejected() {
    String text = PAYMENTS.formatted("payments") + "---\n" + PAYMENTS.formatted("payments");

    assertThat(formattedErrors(text)).containsExactly("test.yaml:13:9: document 2 (WorkloadPolicy shop/payments):"
        + " metadata.name: WorkloadPolicy shop/payments is defined twice: it is already document 1");
  }

  @Test
  void aFileWhosePoliciesSelectTheSameWorkloadIsRejected() {
    String text = PAYMENTS.formatted("other") + "---\n" + PAYMENTS.formatted("payments");

    assertThat(formattedErrors(text)).containsExactly("test.yaml:17:15: document 2 (WorkloadPolicy shop/payments):"
        + " spec.selector.workload: selector workload=payments conflicts with WorkloadPolicy shop/other (document 1):"
        + " two policies cannot select the same workloads with the same selector");
  }

  @Test
  void aFileWithTwoMeshConfigsIsRejected() {
    String config = "apiVersion: meshward.io/v1alpha1\nkind: MeshConfig\nmetadata: {name: default}\n";

    assertThat(formattedErrors(config + "---\n" + config)).containsExactly("test.yaml:7:18: document 2 (MeshConfig"
        + " default): metadata.name: only one MeshConfig is allowed, and MeshConfig default (document 1) is one"
        + " already");
  }

  @Test
  void conflictingRulesOfAPolicyAreReportedAtTheLaterRule() {
    String text = PAYMENTS.formatted("payments") + """
          ingress:
            - name: web
              from: [{namespace: web}]
            - name: web
              action: DENY
              from: [{namespace: web}]
        """;

    assertThat(formattedErrors(text)).containsExactly(
        "test.yaml:12:7: document 1 (WorkloadPolicy shop/payments): spec.ingress[1]: rule 'web' (DENY) matches"
            + " exactly the same traffic as rule 'web' (ALLOW) at spec.ingress[0]: the DENY rule 'web' would make"
            + " the ALLOW rule 'web' dead; remove one of them",
        "test.yaml:12:13: document 1 (WorkloadPolicy shop/payments): spec.ingress[1].name: rule name 'web' is"
            + " already used by spec.ingress[0]: rule names must be unique within a policy");
  }

  @Test
  void theControlPlaneChecksReadDocumentsAgainstTheStoreWithTheSameLocations()
      throws PolicyValidationException {
    List<PolicyDocument> store = read(PAYMENTS.formatted("old"));
    List<LocatedDocument> incoming = CODEC.readLocated("apply.yaml", PAYMENTS.formatted("new"));

    List<PolicyError> errors = PolicySetValidator.validate(store, incoming);

    assertThat(errors).extracting(PolicyError::format).containsExactly("apply.yaml:8:15: document 1"
        + " (WorkloadPolicy shop/new): spec.selector.workload: selector workload=payments conflicts with"
        + " WorkloadPolicy shop/old (already in force): two policies cannot select the same workloads with the same"
        + " selector");
  }
}
