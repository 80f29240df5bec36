package io.meshward.waf.operators;

import static io.meshward.waf.operators.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** {@code @rx}: PCRE over bytes, as libmodsecurity compiles it (DOTALL | MULTILINE), with captures into TX. */
class RxTest {

  private static boolean rx(String pattern, String input) {
    return op("rx", pattern).matches(FakeContext.plain(), input);
  }

  @Test
  void findsThePatternAnywhereInTheInput() {
    assertThat(rx("test", "qqtestqq")).isTrue();
    assertThat(rx("ghij", "abcdefghi")).isFalse();
    assertThat(rx("(?i:(sleep\\((\\s*?)(\\d*?)(\\s*?)\\)|benchmark\\((.*?)\\,(.*?)\\)))", "SELECT pg_sleep(10);"))
        .isTrue();
  }

  @Test
  void anEmptyPatternMatchesEverything() {
    assertThat(rx("", "")).isTrue();
    assertThat(rx("", "TestCase")).isTrue();
  }

  @Test
  void dotMatchesNewlinesAndAnchorsWorkPerLine() {
    assertThat(rx("a.b", "a\nb")).isTrue();
    assertThat(rx("^b$", "a\nb\nc")).isTrue();
    assertThat(rx("^$", "")).isTrue();
    assertThat(rx("^\\d+$", "12\n")).isTrue(); // $ before a final newline
    assertThat(rx("x\\z", "x\n")).isFalse();
  }

  @Test
  void caretDoesNotMatchAfterAFinalNewline() {
    // PCRE: ^ under MULTILINE matches after internal newlines only (RE2 and Go differ here; we follow PCRE).
    assertThat(rx("^(?:\\?[01])?$", "text\n")).isFalse();
    assertThat(rx("^(?:\\?[01])?$", "text\n?1")).isTrue();
  }

  @Test
  void matchesBytesNotCharacters() {
    // "é" sent as UTF-8 is two bytes, C3 A9, each one char of the input.
    assertThat(rx("\\x{c3}\\x{a9}", "caf\u00c3\u00a9")).isTrue();
    assertThat(rx("^.{5}$", "caf\u00c3\u00a9")).isTrue();
    assertThat(rx("[\\x80-\\xff]", "plain ascii")).isFalse();
  }

  @Test
  void wordBoundariesAndClassesAreAsciiOnly() {
    // JDK 17's own \b would count the Latin-1 letter \u00e9 as a word character.
    assertThat(rx("\\bselect\\b", "\u00e9select\u00e9")).isTrue();
    assertThat(rx("\\w", "\u00e9\u00c0")).isFalse();
    assertThat(rx("\\d", "\u00b2")).isFalse();
    assertThat(rx("(?i)caf\u00c9", "CAF\u00e9")).isFalse(); // caseless is ASCII-only
    assertThat(rx("(?i)select", "SeLeCt")).isTrue();
  }

  @Test
  void whitespaceIncludesVerticalTab() {
    assertThat(rx("a\\sb", "a\u000bb")).isTrue();
    assertThat(rx("a\\Sb", "a\u000bb")).isFalse();
    assertThat(rx("a\\sb", "a\u00a0b")).isFalse();
  }

  @Test
  void capturesTheMatchAndItsGroupsWhenTheRuleCaptures() {
    FakeContext context = FakeContext.capturingRule();
    assertThat(op("rx", "(a)(b?)(c)").matches(context, "xxac")).isTrue();
    assertThat(context.captures).containsExactly(entry(0, "ac"), entry(1, "a"), entry(2, ""), entry(3, "c"));

    FakeContext ranges = FakeContext.capturingRule();
    assertThat(op("rx", "(\\d+)-(\\d+)").matches(ranges, "bytes=10-5")).isTrue();
    assertThat(ranges.captures).containsExactly(entry(0, "10-5"), entry(1, "10"), entry(2, "5"));
  }

  @Test
  void capturesAtMostGroupsZeroToNine() {
    FakeContext context = FakeContext.capturingRule();
    assertThat(op("rx", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)").matches(context, "abcdefghijk")).isTrue();
    assertThat(context.captures).hasSize(10).containsEntry(0, "abcdefghijk").containsEntry(9, "i");
  }

  @Test
  void capturesNothingWhenTheRuleDoesNotCapture() {
    // FakeContext.plain() fails the test if capture() is called.
    assertThat(op("rx", "(a)").matches(FakeContext.plain(), "a")).isTrue();
  }

  @Test
  void anEmptyCaptureOfAnEmptyInput() {
    FakeContext context = FakeContext.capturingRule();
    assertThat(op("rx", "([a-z]*)").matches(context, "")).isTrue();
    assertThat(context.captures).containsExactly(entry(0, ""), entry(1, ""));
  }

  @Test
  void acceptsPcreSyntaxThatJavaRejects() {
    assertThat(rx("a{", "a{")).isTrue(); // a literal brace
    assertThat(rx("x{,3}", "x{,3}")).isTrue(); // not a quantifier in PCRE2 before 10.43
    assertThat(rx("[[a]+", "[a[")).isTrue(); // '[' inside a class
    assertThat(rx("[\\w-.]+@", "me.x-y@")).isTrue(); // '-' next to a class escape
    assertThat(rx("[[:alpha:]]+[[:digit:]]", "abc1")).isTrue();
  }

  @Test
  void macrosInThePatternAreExpandedOnEachEvaluationAsModSecurityDoes() {
    // CRS v3.3's 920480: !@rx ^%{tx.allowed_request_content_type_charset}$ (the value is an alternation).
    Operator charset = op("rx", "^%{tx.allowed_charsets}$");
    FakeContext context = FakeContext.plain().with("tx", "allowed_charsets", "utf-8|iso-8859-1|windows-1252");
    assertThat(charset.matches(context, "utf-8")).isTrue();
    assertThat(charset.matches(context, "windows-1252")).isTrue();
    assertThat(charset.matches(context, "utf-7")).isFalse();
    assertThat(charset.matches(FakeContext.plain().with("tx", "allowed_charsets", "utf-7"), "utf-7")).isTrue();
  }

  @Test
  void aPercentBraceThatNamesNoVariableIsPatternText() {
    assertThat(rx("a%{2,}b", "a%%b")).isTrue(); // a quantifier on '%'
    assertThat(rx("%{}", "%{}")).isTrue();
  }

  @Test
  void anExpansionThatIsNoPatternDoesNotMatchAndATooLongOneIsReported() {
    Operator rx = op("rx", "%{tx.pattern}");
    assertThat(rx.matches(FakeContext.plain().with("tx", "pattern", "(unclosed"), "(unclosed")).isFalse();

    FakeContext huge = FakeContext.plain().with("tx", "pattern", "a".repeat(ExpandedRx.MAX_PATTERN_LENGTH + 1));
    assertThat(rx.matches(huge, "a".repeat(ExpandedRx.MAX_PATTERN_LENGTH + 1))).isFalse();
    assertThat(huge.limitsExceeded).singleElement().asString().contains("over " + ExpandedRx.MAX_PATTERN_LENGTH);
  }

  @Test
  void anExpandedPatternCapturesLikeAConstantOne() {
    FakeContext context = FakeContext.capturingRule().with("tx", "word", "b(c)");
    assertThat(op("rx", "a%{tx.word}d").matches(context, "xabcdx")).isTrue();
    assertThat(context.captures).containsEntry(0, "abcd").containsEntry(1, "c");
  }

  @Test
  void anUndecidableEvaluationIsReportedAndDoesNotMatch() {
    // A backreference (no linear-time engine can run it) on an input that makes backtracking explode.
    FakeContext context = FakeContext.plain();
    assertThat(op("rx", "^(a+)+\\1$").matches(context, "a".repeat(40) + "!")).isFalse();
    assertThat(context.limitsExceeded).hasSize(1);
    assertThat(context.limitsExceeded.get(0)).startsWith("@rx ^(a+)+");
  }
}
