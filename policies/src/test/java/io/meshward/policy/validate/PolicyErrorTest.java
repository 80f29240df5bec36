package io.meshward.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyErrorTest {

  @Test
  void formatsLikeACompilerErrorWithDocumentAndFieldPath() {
    PolicyError error = new PolicyError("policies.yaml", 2, "WorkloadPolicy shop/payments",
        "spec.ingress[0].from[1].cidr", 14, 15, "invalid CIDR \"10.0.0.0/33\": prefix length must be 0-32 for IPv4");

    assertThat(error.format()).isEqualTo("policies.yaml:14:15: document 2 (WorkloadPolicy shop/payments): "
        + "spec.ingress[0].from[1].cidr: invalid CIDR \"10.0.0.0/33\": prefix length must be 0-32 for IPv4");
  }

  @Test
  void leavesOutWhatIsNotKnown() {
    assertThat(new PolicyError("a.yaml", 0, "", "", 0, 0, "no documents").format())
        .isEqualTo("a.yaml: no documents");
    assertThat(new PolicyError("a.yaml", 3, "", "", 7, 0, "empty document").format())
        .isEqualTo("a.yaml:7: document 3: empty document");
    assertThat(new PolicyError("a.yaml", 1, "MeshConfig default", "", 1, 1, "boom").format())
        .isEqualTo("a.yaml:1:1: document 1 (MeshConfig default): boom");
    assertThat(new PolicyError("", 1, null, null, 0, 0, "x").format()).isEqualTo("<input>: document 1: x");
  }

  @Test
  void theExceptionMessageHasOneFormattedErrorPerLine() {
    List<PolicyError> errors = List.of(
        new PolicyError("a.yaml", 1, "", "kind", 2, 7, "unknown kind \"Foo\""),
        new PolicyError("a.yaml", 2, "", "", 9, 1, "empty document"));

    PolicyValidationException exception = new PolicyValidationException(errors);

    assertThat(exception.errors()).isEqualTo(errors);
    assertThat(exception.getMessage()).isEqualTo(
        "a.yaml:2:7: document 1: kind: unknown kind \"Foo\"\na.yaml:9:1: document 2: empty document");
  }

  @Test
  void aValidationFailureAlwaysHasAReason() {
    assertThatThrownBy(() -> new PolicyValidationException(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
