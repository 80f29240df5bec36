package io.meshward.waf.operators;

import static io.meshward.waf.operators.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code @detectSQLi} / {@code @detectXSS} delegate to the libinjection-compatible detectors. */
class InjectionDetectionTest {

  @Test
  void detectSqliFindsTautologiesAndUnionsButNotPlainText() {
    assertThat(op("detectSQLi", "").matches(FakeContext.plain(), "1' OR '1'='1")).isTrue();
    assertThat(op("detectSQLi", "").matches(FakeContext.plain(), "-1 UNION SELECT password FROM users")).isTrue();
    assertThat(op("detectSQLi", "").matches(FakeContext.plain(), "garden gnomes, size 2")).isFalse();
  }

  @Test
  void theRealSqliDetectorPutsItsFingerprintInTx0() {
    FakeContext context = FakeContext.capturingRule();
    assertThat(op("detectSQLi", "").matches(context, "1' OR '1'='1")).isTrue();
    assertThat(context.captures).containsOnlyKeys(0);
    assertThat(context.captures.get(0)).isEqualTo("s&sos");
  }

  @Test
  void detectXssFindsScriptTagsAndEventHandlersButNotPlainText() {
    assertThat(op("detectXSS", "").matches(FakeContext.plain(), "<script>alert(1)</script>")).isTrue();
    assertThat(op("detectXSS", "").matches(FakeContext.plain(), "<img src=x onerror=alert(1)>")).isTrue();
    assertThat(op("detectXSS", "").matches(FakeContext.plain(), "fish & chips <3")).isFalse();
  }

  @Test
  void detectSqliCapturesTheFingerprintWhenTheRuleCaptures() {
    InjectionDetector fake = input -> input.contains("'") ? Optional.of("s&sos") : Optional.empty();
    Operator sqli = new InjectionDetection("detectSQLi", fake, true);
    FakeContext context = FakeContext.capturingRule();
    assertThat(sqli.matches(context, "1' or '1'='1")).isTrue();
    assertThat(context.captures).containsExactly(entry(0, "s&sos"));
    assertThat(sqli.matches(FakeContext.plain(), "1' or 1")).isTrue();
    assertThat(sqli.matches(FakeContext.capturingRule(), "benign")).isFalse();
  }

  @Test
  void detectXssCapturesNothing() {
    InjectionDetector fake = input -> input.contains("<script") ? Optional.of("xss") : Optional.empty();
    Operator xss = new InjectionDetection("detectXSS", fake, false);
    FakeContext context = FakeContext.capturingRule();
    assertThat(xss.matches(context, "<script>")).isTrue();
    assertThat(context.captures).isEmpty();
  }
}
