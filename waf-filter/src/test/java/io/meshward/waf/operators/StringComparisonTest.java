package io.meshward.waf.operators;

import static io.meshward.waf.operators.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The byte-for-byte, case-sensitive string operators. */
class StringComparisonTest {
  private final FakeContext tx = FakeContext.plain();

  @Test
  void streqIsExactEquality() {
    assertThat(op("streq", "POST").matches(tx, "POST")).isTrue();
    assertThat(op("streq", "POST").matches(tx, "post")).isFalse();
    assertThat(op("streq", "GET /").matches(tx, "GET /")).isTrue();
    assertThat(op("streq", "").matches(tx, "")).isTrue();
  }

  @Test
  void withinMatchesWhenTheInputIsFoundInsideTheArgument() {
    Operator allowed = op("within", "GET HEAD POST OPTIONS");
    assertThat(allowed.matches(tx, "GET")).isTrue();
    assertThat(allowed.matches(tx, "POST")).isTrue();
    assertThat(allowed.matches(tx, "DELETE")).isFalse();
    assertThat(allowed.matches(tx, "get")).isFalse();
    assertThat(allowed.matches(tx, "ET H")).isTrue(); // a substring, not a word
    assertThat(allowed.matches(tx, "")).isTrue();
  }

  @Test
  void withinExpandsMacros() {
    Operator methods = op("within", "%{tx.allowed_methods}");
    FakeContext crs = FakeContext.plain().with("tx", "allowed_methods", "GET HEAD POST OPTIONS");
    assertThat(methods.matches(crs, "HEAD")).isTrue();
    assertThat(methods.matches(crs, "TRACE")).isFalse();
    Operator headers = op("within", "%{tx.restricted_headers_basic}");
    FakeContext restricted = FakeContext.plain().with("tx", "restricted_headers_basic", "/content-encoding/ /proxy/");
    assertThat(headers.matches(restricted, "/proxy/")).isTrue();
    assertThat(headers.matches(restricted, "/host/")).isFalse();
  }

  @Test
  void containsAndStrmatchFindTheArgumentInTheInput() {
    assertThat(op("contains", "-->").matches(tx, "a --> b")).isTrue();
    assertThat(op("contains", "-->").matches(tx, "a -> b")).isFalse();
    assertThat(op("contains", "").matches(tx, "anything")).isTrue();
    assertThat(op("strmatch", "WebZIP").matches(tx, "Mozilla WebZIP/1.0")).isTrue();
    assertThat(op("strmatch", "WebZIP").matches(tx, "webzip")).isFalse();
  }

  @Test
  void beginsWithAndEndsWith() {
    assertThat(op("beginsWith", "#:~:text=").matches(tx, "#:~:text=foo")).isTrue();
    assertThat(op("beginsWith", "#:~:text=").matches(tx, "x#:~:text=")).isFalse();
    assertThat(op("endsWith", ".pdf").matches(tx, "/doc/a.pdf")).isTrue();
    assertThat(op("endsWith", ".pdf").matches(tx, "/doc/a.pdf?x")).isFalse();
    assertThat(op("endsWith", "(internal dummy connection)").matches(tx, "Apache (internal dummy connection)"))
        .isTrue();
  }

  @Test
  void endsWithExpandsMacros() {
    Operator sameHost = op("endsWith", ".%{request_headers.host}");
    FakeContext request = FakeContext.plain().with("request_headers", "host", "example.com");
    assertThat(sameHost.matches(request, "http://www.example.com")).isTrue();
    assertThat(sameHost.matches(request, "http://evil.com")).isFalse();
  }

  @Test
  void streqComparesWithACapturedValue() {
    Operator sameAsGroup2 = op("streq", "%{TX.2}");
    assertThat(sameAsGroup2.matches(FakeContext.plain().with("tx", "2", "abc"), "abc")).isTrue();
    assertThat(sameAsGroup2.matches(FakeContext.plain().with("tx", "2", "abc"), "abd")).isFalse();
  }

  @Test
  void containsWordNeedsNonLetterBoundaries() {
    Operator select = op("containsWord", "select");
    assertThat(select.matches(tx, "select")).isTrue();
    assertThat(select.matches(tx, "select * from t")).isTrue();
    assertThat(select.matches(tx, "x=1;select")).isTrue();
    assertThat(select.matches(tx, "(select)")).isTrue();
    assertThat(select.matches(tx, "1select2")).isTrue(); // digits are boundaries (only letters are word chars)
    assertThat(select.matches(tx, "selection")).isFalse();
    assertThat(select.matches(tx, "preselect")).isFalse();
    assertThat(select.matches(tx, "selected select")).isTrue(); // the second occurrence
    assertThat(select.matches(tx, "")).isFalse();
    assertThat(op("containsWord", "").matches(tx, "x")).isTrue();
  }
}
