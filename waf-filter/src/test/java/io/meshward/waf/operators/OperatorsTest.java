package io.meshward.waf.operators;

import static io.meshward.waf.operators.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshward.waf.macros.MacroString;
import org.junit.jupiter.api.Test;

class OperatorsTest {

  @Test
  void knowsEveryOperatorCrsUsesAndTheOthersAsked() {
    assertThat(Operators.names())
        .containsExactlyInAnyOrder(
            "beginsWith", "contains", "containsWord", "detectSQLi", "detectXSS", "endsWith", "eq", "ge", "geoLookup",
            "gt", "rbl",
            "ipMatch", "ipMatchF", "ipMatchFromFile", "le", "lt", "noMatch", "pm", "pmf", "pmFromFile", "rx",
            "streq", "strmatch", "unconditionalMatch", "validateByteRange", "validateUrlEncoding",
            "validateUtf8Encoding", "within");
  }

  @Test
  void namesAreCaseInsensitive() {
    assertThat(op("RX", "a+b").matches(FakeContext.plain(), "xaab")).isTrue();
    assertThat(op("pmfromfile", "f", java.util.Map.of("f", java.util.List.of("evil")))
            .matches(FakeContext.plain(), "so EVIL"))
        .isTrue();
    assertThat(op("BeginsWith", "GET").matches(FakeContext.plain(), "GET /")).isTrue();
  }

  @Test
  void anUnknownOperatorIsAnError() {
    assertThatThrownBy(() -> Operators.create("fuzzyHash", MacroString.constant("x"), Ops.noFiles()))
        .isInstanceOf(OperatorException.class)
        .hasMessageContaining("unknown operator @fuzzyHash");
  }

  @Test
  void aRegexThatDoesNotCompileIsAnError() {
    assertThatThrownBy(() -> Operators.create("rx", MacroString.constant("(unclosed"), Ops.noFiles()))
        .isInstanceOf(OperatorException.class)
        .hasMessageContaining("@rx")
        .hasMessageContaining("missing closing parenthesis");
  }

  @Test
  void unconditionalMatchAndNoMatch() {
    assertThat(op("unconditionalMatch", "").matches(FakeContext.plain(), "anything")).isTrue();
    assertThat(op("unconditionalMatch", "").matches(FakeContext.plain(), "")).isTrue();
    assertThat(op("noMatch", "").matches(FakeContext.plain(), "anything")).isFalse();
  }

  @Test
  void operatorsAreSafeToShareBetweenThreads() throws Exception {
    Operator rx = op("rx", "(?i)union\\s+select\\s+(\\w+)");
    Operator pm = op("pm", "union select");
    java.util.List<Thread> threads = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 2000; i++) {
          FakeContext context = FakeContext.capturingRule();
          String column = "col" + id + "_" + i;
          boolean ok = rx.matches(context, "1 UNION  select " + column)
              && context.captures.get(1).equals(column)
              && !rx.matches(FakeContext.plain(), "benign " + i)
              && pm.matches(FakeContext.plain(), "x UNION y");
          if (!ok) {
            failures.incrementAndGet();
          }
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures.get()).isZero();
  }
}
