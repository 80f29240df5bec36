package io.meshward.controlplane.learn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathTemplaterTest {
  private final PathTemplater templater = new PathTemplater(1_000, 10_000);

  @Test
  void idsInRealisticApiPathsBecomePlaceholders() {
    assertThat(templater.template("/users/123/orders/9f1c2e3d4b5a6978")).isEqualTo("/users/{id}/orders/{id}");
    assertThat(templater.template("/api/v2/accounts/550e8400-e29b-41d4-a716-446655440000/cards"))
        .isEqualTo("/api/v2/accounts/{id}/cards");
    assertThat(templater.template("/repos/meshward/gateway/commits/3f9e1c07")).isEqualTo(
        "/repos/meshward/gateway/commits/{id}");
    assertThat(templater.template("/videos/dQw4w9WgXcQ/comments")).isEqualTo("/videos/{id}/comments");
    assertThat(templater.template("/sessions/eyJhbGciOiJIUzI1NiJ9")).isEqualTo("/sessions/{id}");
    assertThat(templater.template("/reports/2026-11-27/summary")).isEqualTo("/reports/{date}/summary");
    assertThat(templater.template("/metrics/2026-11-27T10:15:00Z")).isEqualTo("/metrics/{date}");
    assertThat(templater.template("/items/-5")).isEqualTo("/items/{id}");
  }

  @Test
  void namesStayNames() {
    assertThat(templater.template("/healthz")).isEqualTo("/healthz");
    assertThat(templater.template("/api/v1/users/me")).isEqualTo("/api/v1/users/me");
    assertThat(templater.template("/static/app.min.js")).isEqualTo("/static/app.min.js");
    assertThat(templater.template("/deadbeef")).as("a word of hex letters only").isEqualTo("/deadbeef");
    assertThat(templater.template("/oauth2/authorize")).isEqualTo("/oauth2/authorize");
  }

  @Test
  void theQueryAndFragmentAreNotPartOfATemplate() {
    assertThat(templater.template("/search?q=shoes&page=2")).isEqualTo("/search");
    assertThat(templater.template("/docs#install")).isEqualTo("/docs");
    assertThat(templater.template("/")).isEqualTo("/");
    assertThat(templater.template("")).isEqualTo("/");
    assertThat(templater.template("/users/7/")).isEqualTo("/users/{id}/");
  }

  @Test
  void aPositionWithMoreThanKDistinctNamesCollapsesToAWildcard() {
    PathTemplater templater = new PathTemplater(3, 10_000);
    assertThat(templater.template("/files/alpha.pdf")).isEqualTo("/files/alpha.pdf");
    assertThat(templater.template("/files/beta.pdf")).isEqualTo("/files/beta.pdf");
    assertThat(templater.template("/files/gamma.pdf")).isEqualTo("/files/gamma.pdf");

    assertThat(templater.template("/files/delta.pdf")).as("the fourth name").isEqualTo("/files/*");
    assertThat(templater.template("/files/epsilon.pdf")).isEqualTo("/files/*");
    assertThat(templater.template("/files/alpha.pdf")).as("names learned before stay").isEqualTo("/files/alpha.pdf");
    assertThat(templater.template("/files/zeta.pdf/versions/4")).isEqualTo("/files/*/versions/{id}");
    assertThat(templater.template("/other/delta")).as("other positions keep their own count").isEqualTo("/other/delta");
  }

  @Test
  void idsDoNotCountTowardsTheCap() {
    for (int i = 0; i < 100; i++) {
      assertThat(templater.template("/users/" + i)).isEqualTo("/users/{id}");
    }
    assertThat(templater.template("/users/me")).isEqualTo("/users/me");
  }

  @Test
  void absurdPathsAreBounded() {
    String huge = "/a" + "x".repeat(100_000);
    assertThat(templater.template(huge)).isEqualTo("/**");
    assertThat(templater.template("/" + "seg/".repeat(1_000))).startsWith("/seg/seg/").endsWith("/**")
        .hasSize("/seg".length() * PathTemplater.MAX_SEGMENTS + "/**".length());
    assertThat(templater.template("/bin/\u0000\u0001\u00ff")).isEqualTo("/bin/*");
    assertThat(templater.template("/long/" + "n".repeat(200))).isEqualTo("/long/*");
  }

  @Test
  void memoryStaysWithinTheNodeBudgetUnderAMillionDistinctIds() {
    PathTemplater bounded = new PathTemplater(50, 1_000);
    for (int i = 0; i < 1_000_000; i++) {
      bounded.template("/tenants/t" + Integer.toHexString(i * 31) + "x/objects/" + i + "/name" + (i % 97));
    }
    assertThat(bounded.nodes()).isLessThanOrEqualTo(1_000);
    assertThat(bounded.template("/tenants/tnew/objects/5/name3")).isEqualTo("/tenants/*/objects/{id}/*");
  }
}
