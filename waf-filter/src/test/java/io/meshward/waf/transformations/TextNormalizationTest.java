package io.meshward.waf.transformations;

import static io.meshward.waf.transformations.Spec.c;
import static io.meshward.waf.transformations.Spec.hex;
import static io.meshward.waf.transformations.Spec.utf8;

import io.meshward.waf.transformations.Spec.Case;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The transformations that normalise text: utf8toUnicode, cmdLine, lowercase, uppercase, removeNulls, replaceNulls,
 * compressWhitespace, removeWhitespace, trim, trimLeft, trimRight, replaceComments, removeCommentsChar.
 */
class TextNormalizationTest {
  private static final String FFFD = utf8("\ufffd");

  static Stream<Case> utf8toUnicode() {
    String d = "utf8toUnicode";
    return Stream.of(
        c(d, "", "", "empty"),
        c(d, "TestCase\0~\u007f", "TestCase\0~\u007f", "ASCII unchanged"),
        c(d, utf8("\u00e9"), "%u00e9", "two bytes"),
        c(d, utf8("\u0410\u044f"), "%u0410%u044f", "Cyrillic"),
        c(d, utf8("\u20ac"), "%u20ac", "three bytes"),
        c(d, utf8("\uff1cscript\uff1e"), "%uff1cscript%uff1e", "full-width, lower-case hex"),
        c(d, utf8("\ud83d\ude00"), "%u1f600", "four bytes: five hex digits"),
        c(d, utf8("\udbff\udfff"), "%u10ffff", "the last code point: six digits"),
        c(d, utf8("\ufffd"), "%ufffd", "a real U+FFFD"),
        c(d, "\u00e9", "%ufffd", "a lone Latin-1 byte is invalid UTF-8"),
        c(d, "\u0080\u00bf", "%ufffd%ufffd", "stray continuation bytes, one each"),
        c(d, hex("C0 AF"), "%ufffd%ufffd", "overlong '/'"),
        c(d, hex("E0 80 AF"), "%ufffd%ufffd%ufffd", "overlong three-byte form"),
        c(d, hex("ED A0 80"), "%ufffd%ufffd%ufffd", "encoded surrogate"),
        c(d, hex("F4 90 80 80"), "%ufffd%ufffd%ufffd%ufffd", "above U+10FFFF"),
        c(d, hex("E2 82") + "A", "%ufffd%ufffdA", "truncated, then ASCII"),
        c(d, "a" + hex("E2 82"), "a%ufffd%ufffd", "truncated at the end"),
        c(d, hex("F8 FF FE"), "%ufffd%ufffd%ufffd", "bytes that never occur in UTF-8"),
        c(d, "x " + utf8("\u00d0\u0080") + " y", "x %u00d0%u0080 y", "text around"));
  }

  static Stream<Case> cmdLine() {
    String d = "cmdLine";
    return Stream.of(
        c(d, "", "", "empty"),
        c(d, "test", "test", "nothing to do"),
        c(d, "cat /etc/passwd", "cat/etc/passwd", "space before slash goes"),
        c(d, "a b", "a b", "a single space stays"),
        c(d, "C^OMMAND /C DIR", "command/c dir", "caret, case, space before slash"),
        c(d, "C^oMMaNd /C DiR", "command/c dir", "mixed case"),
        c(d, "cmd,/c DiR", "cmd/c dir", "comma is a space"),
        c(d, "\"command\" /c DiR", "command/c dir", "double quotes go"),
        c(d, "w'h'o\\am\"i\"", "whoami", "quotes and backslashes go"),
        c(d, "a;b,c\td\re\nf", "a b c d e f", "separators become spaces"),
        c(d, "a , ;\t\r\n b", "a b", "runs become one space"),
        c(d, "a  ^  b", "a b", "a deleted char does not end a run"),
        c(d, "echo (a)", "echo(a)", "space before parenthesis goes"),
        c(d, "echo ;/x", "echo/x", "a run before slash goes entirely"),
        c(d, " /x", "/x", "leading space before slash"),
        c(d, "x ", "x ", "trailing space stays"),
        c(d, "a /", "a/", "then end"),
        c(d, "\u00c9\u00e9", "\u00c9\u00e9", "bytes above 0x7F are not lowercased"),
        c(d, "A\0B", "a\0b", "NUL is kept"));
  }

  static Stream<Case> caseFolding() {
    return Stream.of(
        c("lowercase", "", "", "empty"),
        c("lowercase", "testcase", "testcase", "already lower"),
        c("lowercase", "TestCase", "testcase", "ASCII"),
        c("lowercase", "Test\0Case", "test\0case", "NUL passes"),
        c("lowercase", "\u00c0\u00c9" + utf8("\u00c9"), "\u00c0\u00c9" + utf8("\u00c9"), "only ASCII letters"),
        c("lowercase", "@[`{", "@[`{", "neighbours of the letters"),
        c("uppercase", "", "", "empty"),
        c("uppercase", "TESTCASE", "TESTCASE", "already upper"),
        c("uppercase", "testcase", "TESTCASE", "ASCII"),
        c("uppercase", "test\0case", "TEST\0CASE", "NUL passes"),
        c("uppercase", utf8("\u00e9t\u00e9"), utf8("\u00c9T\u00c9"), "UTF-8 letters too (Coraza)"),
        c("uppercase", utf8("\u00b5"), utf8("\u039c"), "micro sign to Greek capital mu"),
        c("uppercase", "a\u00e9", "A" + FFFD, "an invalid byte becomes U+FFFD"),
        c("uppercase", utf8("\u0416"), utf8("\u0416"), "valid and already upper: unchanged"));
  }

  static Stream<Case> nulls() {
    return Stream.of(
        c("removeNulls", "", "", "empty"),
        c("removeNulls", "TestCase", "TestCase", "no NUL"),
        c("removeNulls", "Test\0Case", "TestCase", "one NUL"),
        c("removeNulls", "\0\0a\0\0", "a", "several"),
        c("removeNulls", "\0", "", "only NUL"),
        c("removeNulls", "%00\u00ff", "%00\u00ff", "an encoded NUL is not a NUL"),
        c("replaceNulls", "", "", "empty"),
        c("replaceNulls", "TestCase", "TestCase", "no NUL"),
        c("replaceNulls", "Test\0Case\0", "Test Case ", "each NUL to a space"));
  }

  static Stream<Case> whitespace() {
    return Stream.of(
        c("compressWhitespace", "", "", "empty"),
        c("compressWhitespace", "TestCase", "TestCase", "none"),
        c("compressWhitespace", "Test Case", "Test Case", "one space stays"),
        c("compressWhitespace", "  Test  \t   Case  ", " Test Case ", "runs to one space, ends kept"),
        c("compressWhitespace", "a\tb", "a b", "a single tab becomes a space"),
        c("compressWhitespace", "a\u000b\f\r\nb", "a b", "VT FF CR LF"),
        c("compressWhitespace", "a\u0085b\u00a0c", "a b c", "the bytes 0x85 and 0xA0 count (Coraza)"),
        c("compressWhitespace", "a" + utf8("\u3000") + "b", "a" + utf8("\u3000") + "b", "no UTF-8 decoding"),
        c("compressWhitespace", "a\0b", "a\0b", "NUL is not whitespace"),
        c("compressWhitespace",
            "This is a   test case with a tab \t, vtab \u000b, newline \n, return \r, formfeed \f, and a NUL\0 in it"
                + " with a CRLF at the end.\r\n",
            "This is a test case with a tab , vtab , newline , return , formfeed , and a NUL\0 in it"
                + " with a CRLF at the end. ",
            "ModSecurity's sentence"),
        c("removeWhitespace", "", "", "empty"),
        c("removeWhitespace", "TestCase", "TestCase", "none"),
        c("removeWhitespace", " T e\ts\nt\rC\u000ba\fs e ", "TestCase", "ASCII whitespace"),
        c("removeWhitespace", "a" + utf8("\u00a0\u0085\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000") + "b",
            "ab", "Unicode White_Space as UTF-8"),
        c("removeWhitespace", "a" + utf8("\u200b\ufeff") + "b", "a" + utf8("\u200b\ufeff") + "b",
            "zero-width space and BOM are not White_Space"),
        c("removeWhitespace", utf8("s\u00e9 l"), utf8("s\u00e9l"), "valid UTF-8 is kept"),
        c("removeWhitespace", "a\u00a0b", "a" + FFFD + "b", "a lone A0 byte is invalid UTF-8: U+FFFD (Coraza)"),
        c("removeWhitespace", "\u00ff\u00fe", FFFD + FFFD, "every invalid byte, even without whitespace"),
        c("removeWhitespace", hex("E2 80") + " ", FFFD + FFFD, "truncated sequence"),
        c("removeWhitespace", "un ion se lect", "unionselect", "SQL payload"),
        c("trim", "", "", "empty"),
        c("trim", "TestCase", "TestCase", "nothing"),
        c("trim", " \t\n\r\f\u000bTest Case\u000b\f\r\n\t ", "Test Case", "both ends, inner space stays"),
        c("trim", "   ", "", "only whitespace"),
        c("trim", "\0a\0", "\0a\0", "NUL is not trimmed"),
        c("trim", "\u00a0a\u00a0", "\u00a0a\u00a0", "0xA0 is not trimmed"),
        c("trimLeft", "  a  ", "a  ", "left only"),
        c("trimLeft", "a  ", "a  ", "nothing on the left"),
        c("trimRight", "  a  ", "  a", "right only"),
        c("trimRight", "  a", "  a", "nothing on the right"));
  }

  static Stream<Case> comments() {
    return Stream.of(
        c("replaceComments", "", "", "empty"),
        c("replaceComments", "TestCase", "TestCase", "none"),
        c("replaceComments", "/* */", " ", "a comment becomes a space"),
        c("replaceComments", "UNION/**/SELECT", "UNION SELECT", "empty comment"),
        c("replaceComments", "a/*x*/b/*y*/c", "a b c", "two comments"),
        c("replaceComments", "a/*/*x*/*/b", "a */b", "no nesting: the first */ ends it"),
        c("replaceComments", "a/* unterminated", "a ", "an open comment runs to the end"),
        c("replaceComments", "a/*", "a ", "just the opener"),
        c("replaceComments", "a*/b", "a*/b", "a closer outside a comment stays"),
        c("replaceComments", "a/*/b", "a ", "'/*/' does not close"),
        c("replaceComments", "/-- #", "/-- #", "only C comments"),
        c("replaceComments", "Test/* \0 */Case", "Test Case", "NUL inside a comment"),
        c("removeCommentsChar", "", "", "empty"),
        c("removeCommentsChar", "TestCase", "TestCase", "none"),
        c("removeCommentsChar", "/*Test*/Case", "TestCase", "C markers"),
        c("removeCommentsChar", "<!--Test-->Case", "TestCase", "HTML markers"),
        c("removeCommentsChar", "a<!--b", "ab", "HTML opener alone"),
        c("removeCommentsChar", "Test--Case#x", "TestCasex", "SQL and shell markers"),
        c("removeCommentsChar", "a---b", "a-b", "'--' pairs, then the rest"),
        c("removeCommentsChar", "a-->b", "ab", "'-->' before '--'"),
        c("removeCommentsChar", "a/b*c-d<!e", "a/b*c-d<!e", "single characters stay"),
        c("removeCommentsChar", "##", "", "only markers"));
  }

  @ParameterizedTest
  @MethodSource("utf8toUnicode")
  void utf8toUnicodeCases(Case c) {
    Spec.check(c);
  }

  @ParameterizedTest
  @MethodSource("cmdLine")
  void cmdLineCases(Case c) {
    Spec.check(c);
  }

  @ParameterizedTest
  @MethodSource("caseFolding")
  void caseFoldingCases(Case c) {
    Spec.check(c);
  }

  @ParameterizedTest
  @MethodSource("nulls")
  void nullCases(Case c) {
    Spec.check(c);
  }

  @ParameterizedTest
  @MethodSource("whitespace")
  void whitespaceCases(Case c) {
    Spec.check(c);
  }

  @ParameterizedTest
  @MethodSource("comments")
  void commentCases(Case c) {
    Spec.check(c);
  }
}
