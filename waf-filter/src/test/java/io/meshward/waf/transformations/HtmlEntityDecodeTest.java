package io.meshward.waf.transformations;

import static io.meshward.waf.transformations.Spec.c;
import static io.meshward.waf.transformations.Spec.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.waf.transformations.Spec.Case;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** htmlEntityDecode: HTML5 character references to UTF-8, as Go's html.UnescapeString (Coraza). */
class HtmlEntityDecodeTest {
  private static final String D = "htmlEntityDecode";
  private static final String FFFD = utf8("\ufffd");

  static Stream<Case> cases() {
    return Stream.of(
        c(D, "", "", "empty"),
        c(D, "TestCase", "TestCase", "no reference"),
        c(D, "Test\0Case", "Test\0Case", "NUL passes"),
        // Named references.
        c(D, "&quot;&amp;&lt;&gt;", "\"&<>", "the basic five"),
        c(D, "&nbsp;", utf8("\u00a0"), "no-break space as UTF-8 (C2 A0), not the byte A0"),
        c(D, "&eacute;&Eacute;", utf8("\u00e9\u00c9"), "names are case-sensitive"),
        c(D, "&EACUTE;", "&EACUTE;", "unknown capitalisation stays"),
        c(D, "&hellip;&rarr;&euro;", utf8("\u2026\u2192\u20ac"), "HTML5 names beyond Latin-1"),
        c(D, "&NotEqualTilde;", utf8("\u2242\u0338"), "a name for two code points"),
        c(D, "&nGt;", utf8("\u226b\u20d2"), "two code points longer than the name"),
        c(D, "&fjlig;", "fj", "a name for two ASCII letters"),
        c(D, "&CounterClockwiseContourIntegral;", utf8("\u2233"), "the longest name"),
        c(D, "&Tab;&NewLine;", "\t\n", "control characters by name"),
        c(D, "&foo;", "&foo;", "unknown name stays"),
        c(D, "&;", "&;", "empty name"),
        c(D, "&", "&", "ampersand at the end"),
        c(D, "a & b", "a & b", "ampersand before a space"),
        c(D, "&&amp;", "&&", "an ampersand before a reference"),
        // Without the semicolon: only legacy names, as the longest prefix.
        c(D, "&quot&amp&lt&gt&nbsp", "\"&<>" + utf8("\u00a0"), "legacy names need no semicolon"),
        c(D, "&amp", "&", "legacy name at the end"),
        c(D, "&ltfoo", "<foo", "legacy name as a prefix"),
        c(D, "&ampamp;", "&amp;", "longest legacy prefix, the rest kept"),
        c(D, "&notin", utf8("\u00ac") + "in", "notin needs its semicolon; not is a legacy prefix"),
        c(D, "&notin;", utf8("\u2209"), "notin with its semicolon"),
        c(D, "&hellip", "&hellip", "a modern name needs its semicolon"),
        c(D, "&eacutex", utf8("\u00e9") + "x", "six-letter legacy prefix"),
        c(D, "&l", "&l", "one letter is too short for a prefix"),
        // Decimal.
        c(D, "&#65;&#66&#67;", "ABC", "decimal, semicolon optional"),
        c(D, "&#0065;", "A", "leading zeros"),
        c(D, "&#32;&#100;", " d", "ModSecurity's test values"),
        c(D, "&#233;", utf8("\u00e9"), "above 0x7F as UTF-8"),
        c(D, "&#128512;", utf8("\ud83d\ude00"), "outside the BMP"),
        c(D, "&#150;", utf8("\u2013"), "0x80-0x9F read as Windows-1252"),
        c(D, "&#129;", utf8("\u0081"), "0x81 has no Windows-1252 character and stays U+0081"),
        c(D, "&#0;", FFFD, "zero is U+FFFD"),
        c(D, "&#55296;", FFFD, "a surrogate is U+FFFD"),
        c(D, "&#1114112;", FFFD, "above U+10FFFF is U+FFFD"),
        c(D, "&#99999999999;", FFFD, "digits past 32 bits wrap, still out of range"),
        c(D, "&#4294967361;", "A", "wraps modulo 2^32 like Go's int32 arithmetic"),
        c(D, "&#10a;", "\na;", "decoding stops at the first non-digit"),
        c(D, "&#12a", "\fa", "two digits then a letter"),
        c(D, "&#3a", "&#3a", "one digit then a letter: nothing is decoded"),
        c(D, "&#1", "&#1", "one digit at the very end: nothing is decoded"),
        c(D, "&#1;", "\u0001", "one digit with semicolon"),
        c(D, "&#12", "\f", "two digits at the end"),
        c(D, "&#a;&#;&#", "&#a;&#;&#", "no digits"),
        c(D, "&#a2;", "&#a2;", "a letter first"),
        // Hexadecimal.
        c(D, "&#x41;&#X42;&#x43", "ABC", "hex, x in either case, semicolon optional"),
        c(D, "&#x4a;&#x4A;", "JJ", "hex digits in either case"),
        c(D, "&#x20;&#X20;", "  ", "ModSecurity's test values"),
        c(D, "&#x0;&#X0;", FFFD + FFFD, "hex zero is U+FFFD"),
        c(D, "&#X2g;", "\u0002g;", "stops at a non-hex digit"),
        c(D, "&#xg;&#Xg;&#xg0;", "&#xg;&#Xg;&#xg0;", "no hex digit"),
        c(D, "&#x;", FFFD, "Go quirk: &#x; alone decodes to U+FFFD"),
        c(D, "&#x1F600;", utf8("\ud83d\ude00"), "hex outside the BMP"),
        c(D, "&#x110000;", FFFD, "hex above U+10FFFF"),
        c(D, "&#x9d;", utf8("\u009d"), "0x9D stays U+009D"),
        // Mixed, and the test data of the reference engines in our own words.
        c(D, "&#x0;&#X0;&#x20;&#X20;&#0;&#32;\0&#100;&quot;&amp;&lt;&gt;&nbsp;",
            FFFD + FFFD + "  " + FFFD + " \0d\"&<>" + utf8("\u00a0"), "all forms in a row"),
        c(D, "&#xg&#Xg&#xg0&#X2g&#a\0&#a2&#3a&#a00&#1a0&#10a&foo",
            "&#xg&#Xg&#xg0\u0002g&#a\0&#a2&#3a&#a00&#1a0\na&foo", "bad forms without semicolons"),
        c(D, "&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>", "XSS payload"),
        c(D, "&#60;&#x73;cript&#62;", "<script>", "numeric XSS payload"),
        c(D, "\u00e9&amp;\u00ff", "\u00e9&\u00ff", "high bytes around a reference pass unchanged"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decodes(Case c) {
    Spec.check(c);
  }

  @Test
  void knowsAllNamesOfTheStandard() {
    assertThat(HtmlEntityData.COUNT).isEqualTo(2231);
    Transformation t = Transformations.byName(D).orElseThrow();
    assertThat(t.apply("&zwnj;&zwj;&Aring;&aring;&thetasym;&bigotimes;")).isEqualTo(
        utf8("\u200c\u200d\u00c5\u00e5\u03d1\u2a02"));
  }
}
