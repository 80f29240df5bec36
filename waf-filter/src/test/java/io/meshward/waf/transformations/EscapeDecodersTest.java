package io.meshward.waf.transformations;

import static io.meshward.waf.transformations.Spec.c;
import static io.meshward.waf.transformations.Spec.utf8;

import io.meshward.waf.transformations.Spec.Case;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jsDecode, cssDecode and escapeSeqDecode. Backslashes are doubled in the Java literals: {@code "\\n"} is the two
 * bytes backslash and n.
 */
class EscapeDecodersTest {

  static Stream<Case> jsDecode() {
    String d = "jsDecode";
    return Stream.of(
        c(d, "", "", "empty"),
        c(d, "TestCase", "TestCase", "no escape"),
        c(d, "Test\0Case", "Test\0Case", "NUL passes"),
        c(d, "\\a\\b\\f\\n\\r\\t\\v", "\u0007\b\f\n\r\t\u000b", "C control escapes"),
        c(d, "\\?\\'\\\"\\\\", "?'\"\\", "other escaped characters lose the backslash"),
        c(d, "\\\\a", "\\a", "an escaped backslash is not an escape character"),
        c(d, "\\\\0", "\\0", "the same before a digit"),
        c(d, "\\q\\z\\%", "qz%", "unknown escapes keep the character"),
        c(d, "\\x41\\x4a\\x4A", "AJJ", "\\xHH"),
        c(d, "\\x00\\xff", "\0\u00ff", "\\xHH of any byte"),
        c(d, "\\X41", "X41", "\\X is not hex"),
        c(d, "\\x4", "x4", "one hex digit"),
        c(d, "\\xg1", "xg1", "bad hex digit"),
        c(d, "\\u0041\\u00e9", "A\u00e9", "\\uHHHH: the low byte"),
        c(d, "\\u1141", "A", "high byte ignored"),
        c(d, "\\uff1c\\uFF1E", "<>", "full-width ASCII folds"),
        c(d, "\\uff00\\uff5f", "\0_", "just outside the full-width range"),
        c(d, "\\U0041", "U0041", "\\U is not unicode"),
        c(d, "\\u", "u", "\\u at the end"),
        c(d, "\\u\\u0\\u01\\u012", "uu0u01u012", "short \\u forms lose only the backslash"),
        c(d, "\\u\\u0\\u01\\u012\0", "uu0u01u012\0", "then a NUL"),
        c(d, "\\u{41}\\u{0041}\\u{000041}", "AAA", "ES2015 \\u{...}"),
        c(d, "\\u{ff1c}\\u{0ff1c}", "<<", "\\u{...} full-width ASCII folds"),
        c(d, "\\u{1f600}", "\0", "\\u{...} beyond the BMP: low byte"),
        c(d, "\\u{}", "u{}", "no digits"),
        c(d, "\\u{41", "u{41", "no closing brace"),
        c(d, "\\u{1234567}", "u{1234567}", "seven digits is not an escape"),
        c(d, "\\0\\12\\123", "\0\nS", "octal, one to three digits"),
        c(d, "<\\163\\143\\162\\151\\160\\164>", "<script>", "octal payload"),
        c(d, "\\377\\200", "\u00ff\u0080", "octal up to 0377"),
        c(d, "\\400", " 0", "first digit above 3: only two digits"),
        c(d, "\\477", "'7", "two digits then a plain digit"),
        c(d, "\\1234", "S4", "at most three digits"),
        c(d, "\\8\\9", "89", "8 and 9 are not octal"),
        c(d, "\\18", "\u00018", "octal stops at 8"),
        c(d, "\\", "\\", "a lone backslash stays"),
        c(d, "abc\\", "abc\\", "a trailing backslash stays"),
        c(d, "8966\\x0a\\x00\\x00\\x00\\x0a\\x0a\\x0a3u00a", "8966\n\0\0\0\n\n\n3u00a", "mixed"));
  }

  static Stream<Case> cssDecode() {
    String d = "cssDecode";
    return Stream.of(
        c(d, "", "", "empty"),
        c(d, "TestCase", "TestCase", "no escape"),
        c(d, "Test\0Case", "Test\0Case", "NUL passes"),
        c(d, "\\41\\42", "AB", "hex escape"),
        c(d, "\\a\\b\\f", "\n\u000b\u000f", "a, b and f are hex digits, not C escapes"),
        c(d, "\\n\\r\\t\\v\\?\\'\\\"", "nrtv?'\"", "other characters lose the backslash"),
        c(d, "\\12\\123", "\u0012" + utf8("\u0123"), "the whole value is one code point"),
        c(d, "\\1234\\12345", utf8("\u1234") + utf8("\ud808\udf45"), "as UTF-8"),
        c(d, "\\e9", utf8("\u00e9"), "U+00E9 as C3 A9"),
        c(d, "\\123456", utf8("\ufffd"), "above U+10FFFF"),
        c(d, "\\1234567", utf8("\ufffd") + "7", "at most six digits"),
        c(d, "\\0", utf8("\ufffd"), "zero"),
        c(d, "\\d800", utf8("\ufffd"), "surrogate"),
        c(d, "\\ff01\\ff5e", "!~", "full-width ASCII folds"),
        c(d, "\\1 A", "\u0001A", "one whitespace after the digits is part of the escape"),
        c(d, "\\1  A", "\u0001 A", "only one"),
        c(d, "\\1\tA\\1\nA\\1\fA", "\u0001A\u0001A\u0001A", "tab, LF, FF count as whitespace"),
        c(d, "\\1A", "\u001a", "A is a hex digit"),
        c(d, "\\1x\\1 x", "\u0001x\u0001x", "x is not"),
        c(d, "a\\\nb", "ab", "backslash-newline is a continuation"),
        c(d, "a\\\r\nb", "ab", "CR LF too"),
        c(d, "a\\\rb\\\fc", "abc", "CR or FF alone too"),
        c(d, "\\\0", "\0", "backslash NUL"),
        c(d, "test\\", "test", "a trailing backslash goes"),
        c(d, "\\", "", "a lone backslash goes"),
        c(d, "\\\\", "\\", "an escaped backslash"),
        c(d, "java\\73 cript:", "javascript:", "payload"),
        c(d, "\\6a\\61\\76\\61 script", "javascript", "payload with a space after an escape"),
        c(d, "test\\a\\b\\f\\n\\r\\t\\v\\?\\'\\\"\\\0\\12\\123\\1234\\12345\\123456\\ff01\\ff5e\\\n\\\0  string",
            "test\n\u000b\u000fnrtv?'\"\0\u0012" + utf8("\u0123\u1234\ud808\udf45\ufffd") + "!~\0  string",
            "everything in a row"));
  }

  static Stream<Case> escapeSeqDecode() {
    String d = "escapeSeqDecode";
    return Stream.of(
        c(d, "", "", "empty"),
        c(d, "TestCase", "TestCase", "no escape"),
        c(d, "Test\0Case", "Test\0Case", "NUL passes"),
        c(d, "\\a\\b\\f\\n\\r\\t\\v", "\u0007\b\f\n\r\t\u000b", "C control escapes"),
        c(d, "\\?\\'\\\"\\\\", "?'\"\\", "escaped punctuation"),
        c(d, "\\x41\\X42", "AB", "\\x or \\X"),
        c(d, "\\x00\\xff", "\0\u00ff", "any byte"),
        c(d, "\\xag\\xga\\x4", "xagxgax4", "not two hex digits: the backslash goes"),
        c(d, "\\0", "\0", "one octal digit"),
        c(d, "\\01", "\u0001", "two"),
        c(d, "\\012", "\n", "three"),
        c(d, "\\0123", "\n3", "at most three"),
        c(d, "\\101", "A", "octal A"),
        c(d, "<\\563\\543\\562\\551\\560\\564>", "<script>", "the low byte of larger values"),
        c(d, "\\377\\666\\777\\412", "\u00ff\u00b6\u00ff\n", "low byte"),
        c(d, "\\8\\9", "89", "not octal: backslash goes"),
        c(d, "\\u0041", "u0041", "no \\u form"),
        c(d, "\\", "\\", "a lone backslash stays"),
        c(d, "a\\", "a\\", "a trailing backslash stays"),
        c(d, "\\\\u0000", "\\u0000", "escaped backslash"),
        c(d, "\\8\\9\\666\\xag\\xga\\0123", "89\u00b6xagxga\n3", "in a row"));
  }

  @ParameterizedTest
  @MethodSource("jsDecode")
  void jsDecodeCases(Case c) {
    Spec.check(c);
  }

  @ParameterizedTest
  @MethodSource("cssDecode")
  void cssDecodeCases(Case c) {
    Spec.check(c);
  }

  @ParameterizedTest
  @MethodSource("escapeSeqDecode")
  void escapeSeqDecodeCases(Case c) {
    Spec.check(c);
  }
}
