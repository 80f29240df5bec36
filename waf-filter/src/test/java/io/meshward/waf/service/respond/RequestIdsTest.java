package io.meshward.waf.service.respond;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTest {
  @Test
  void keepsTheProxysIdWhenItLooksLikeOne() {
    assertThat(RequestIds.choose("3f1c2a9e-7b4d-4e8a-9c21-0d5e6f7a8b9c", "tx")).isEqualTo(
        "3f1c2a9e-7b4d-4e8a-9c21-0d5e6f7a8b9c");
    assertThat(RequestIds.choose("ABCDefgh", "tx")).isEqualTo("ABCDefgh");
    assertThat(RequestIds.choose("a".repeat(64), "tx")).isEqualTo("a".repeat(64));
  }

  @Test
  void usesTheTransactionsIdForAnythingElse() {
    assertThat(RequestIds.choose(null, "tx")).isEqualTo("tx");
    assertThat(RequestIds.choose("", "tx")).isEqualTo("tx");
    assertThat(RequestIds.choose("short", "tx")).isEqualTo("tx");
    assertThat(RequestIds.choose("a".repeat(65), "tx")).isEqualTo("tx");
    assertThat(RequestIds.choose("abcdefgh<script>", "tx")).isEqualTo("tx");
    assertThat(RequestIds.choose("abcd efgh", "tx")).isEqualTo("tx");
    assertThat(RequestIds.choose("abcdefgh\n", "tx")).isEqualTo("tx");
    assertThat(RequestIds.choose("abcdéfgh", "tx")).isEqualTo("tx");
  }

  @Test
  void freshIdsAreTwentyLettersAndDigits() {
    String id = RequestIds.generate();
    assertThat(id).hasSize(20).matches("[A-Za-z0-9]{20}");
    assertThat(RequestIds.choose(id, "tx")).isEqualTo(id);
  }
}
