package io.meshward.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.MeshConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocatedDocumentTest {
  private final LocatedDocument document = new LocatedDocument(MeshConfig.defaults(), "mesh.yaml", 2, Map.of(
      "", new Location(10, 1),
      "spec", new Location(14, 1),
      "spec.ingress", new Location(16, 3),
      "spec.ingress[0]", new Location(17, 7),
      "spec.ingress[0].name", new Location(17, 13)));

  @Test
  void findsTheExactPath() {
    assertThat(document.locationOf("spec.ingress[0].name")).isEqualTo(new Location(17, 13));
  }

  @Test
  void fallsBackToTheNearestRecordedAncestor() {
    assertThat(document.locationOf("spec.ingress[0].ports")).isEqualTo(new Location(17, 7));
    assertThat(document.locationOf("spec.ingress[0].from[3].cidr")).isEqualTo(new Location(17, 7));
    assertThat(document.locationOf("spec.ingress[4]")).isEqualTo(new Location(16, 3));
    assertThat(document.locationOf("metadata.name")).isEqualTo(new Location(10, 1));
  }

  @Test
  void knowsNothingOfADocumentBuiltInCode() {
    LocatedDocument unlocated = LocatedDocument.unlocated(MeshConfig.defaults(), "store", 1);

    assertThat(unlocated.locationOf("spec.defaultMode")).isEqualTo(Location.UNKNOWN);
  }

  @Test
  void errorsCarryTheSourceDocumentNameAndLocation() {
    PolicyError error = document.error("spec.ingress[0].ports", "bad");

    assertThat(error).isEqualTo(new PolicyError("mesh.yaml", 2, "MeshConfig default", "spec.ingress[0].ports",
        17, 7, "bad"));
  }
}
