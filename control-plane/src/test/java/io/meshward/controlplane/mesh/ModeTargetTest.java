package io.meshward.controlplane.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModeTargetTest {
  @Test
  void aTargetIsANamespaceOrANamespaceAndWorkload() {
    assertThat(ModeTarget.parse("shop")).isEqualTo(ModeTarget.namespace("shop"));
    assertThat(ModeTarget.parse("shop/payments")).isEqualTo(ModeTarget.workload("shop", "payments"));
    assertThat(ModeTarget.parse("shop/payments").toString()).isEqualTo("shop/payments");
  }

  @Test
  void anythingElseIsRefusedWithTheReason() {
    assertThatThrownBy(() -> ModeTarget.parse("a/b/c")).hasMessageContaining("'namespace' or 'namespace/workload'");
    assertThatThrownBy(() -> ModeTarget.parse("Shop")).hasMessageContaining("'Shop'").hasMessageContaining("valid");
    assertThatThrownBy(() -> ModeTarget.parse("shop/")).hasMessageContaining("not a valid name");
    assertThatThrownBy(() -> ModeTarget.parse(" ")).hasMessageContaining("got nothing");
  }
}
