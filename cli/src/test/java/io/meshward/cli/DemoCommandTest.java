package io.meshward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.cli.MeshwardCli.Result;
import org.junit.jupiter.api.Test;

/** {@code meshward demo} tells the whole story, and each step shows what it claims. */
class DemoCommandTest {
  private static final String CRS = "../../shared/crs/v4";

  @Test
  void theDemoLearnsEnforcesBlocksMasksAndQuarantines() {
    Result demo = MeshwardCli.offline().run("demo", "--crs", CRS);

    assertThat(demo.exitCode()).as(demo.toString()).isZero();
    String out = demo.out();
    assertThat(out).contains("a call from checkout (127.0.0.2): OK; from an unknown caller (127.0.0.3): OK");
    assertThat(out).containsPattern("ALLOWED\\s+127\\.0\\.0\\.2\\s+8080\\s+http\\s+GET\\s+/api/orders/\\{id\\}\\s+3");
    assertThat(out).contains("call from checkout: OK; from the unknown caller: PERMISSION_DENIED");
    assertThat(out).containsPattern("shop/payments\\s+\\S+\\s+PROPOSED\\s+127\\.0\\.0\\.3");
    assertThat(out).contains("-> HTTP 403, rules 942100");
    assertThat(out).contains("the client got:  {\"order\":17,\"card\":\"**** **** **** 1111\",\"total\":\"12.50\"}");
    assertThat(out).contains("checkout's next call to payments: PERMISSION_DENIED");
    assertThat(out).containsPattern("q-\\S+\\s+127\\.0\\.0\\.2\\s+IN_FORCE");
    assertThat(out).contains("checkout's call after the release: OK");
    assertThat(out).doesNotContain("UNION SELECT username");
  }

  @Test
  void withoutTheCrsTheDemoSaysWhereToFindIt() {
    Result demo = MeshwardCli.offline().run("demo", "--crs", "/nonexistent/crs");

    assertThat(demo.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(demo.err()).contains("no CRS rules under");
  }
}
