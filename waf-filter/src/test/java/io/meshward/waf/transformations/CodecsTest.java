package io.meshward.waf.transformations;

import static io.meshward.waf.transformations.Spec.c;
import static io.meshward.waf.transformations.Spec.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.waf.transformations.Spec.Case;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** none, length, md5, sha1, hexEncode, hexDecode, urlEncode, sqlHexDecode, base64Decode, base64DecodeExt. */
class CodecsTest {

  static Stream<Case> cases() {
    return Stream.of(
        c("none", "", "", "empty"),
        c("none", "Test\0\u00ff", "Test\0\u00ff", "identity"),
        // length
        c("length", "", "0", "empty"),
        c("length", "TestCase", "8", "ASCII"),
        c("length", "Test\0Case", "9", "NUL counts"),
        c("length", "\u00c3\u00a9", "2", "bytes, not characters"),
        c("length", "x", "1", "one"),
        c("length", "1", "1", "the value equals its own length"),
        // digests: raw bytes
        c("md5", "", hex("d41d8cd98f00b204e9800998ecf8427e"), "empty"),
        c("md5", "TestCase", hex("c9aba2c3e60126169e80e9a26ba273c1"), "ASCII"),
        c("md5", "Test\0Case", hex("e60a2ca81ba72ac33497715277296038"), "NUL"),
        c("sha1", "", hex("da39a3ee5e6b4b0d3255bfef95601890afd80709"), "empty"),
        c("sha1", "TestCase", hex("a70ce38389e318bd2be18a0111c6dc76bd2cd9ed"), "ASCII"),
        c("sha1", "abc", hex("a9993e364706816aba3e25717850c26c9cd0d89d"), "FIPS 180 test vector"),
        // hexEncode / hexDecode
        c("hexEncode", "", "", "empty"),
        c("hexEncode", "TestCase", "5465737443617365", "ASCII"),
        c("hexEncode", "Test\0Case", "546573740043617365", "NUL"),
        c("hexEncode", "\u00ff\u0080\n", "ff800a", "lower-case digits"),
        c("hexDecode", "", "", "empty"),
        c("hexDecode", "5465737443617365", "TestCase", "lower-case"),
        c("hexDecode", "546573740043617365", "Test\0Case", "NUL"),
        c("hexDecode", "48454C4C4f", "HELLO", "either case"),
        c("hexDecode", "21402324255E262A28", "!@#$%^&*(", "punctuation"),
        c("hexDecode", "ff800a", "\u00ff\u0080\n", "high bytes"),
        c("hexDecode", "48656c6c6f7", "48656c6c6f7", "odd length: unchanged (Go error)"),
        c("hexDecode", "123G", "123G", "a non-hex digit: unchanged"),
        c("hexDecode", "YyYy", "YyYy", "not hex at all"),
        c("hexDecode", "01234567890az", "01234567890az", "odd and invalid"),
        // urlEncode
        c("urlEncode", "", "", "empty"),
        c("urlEncode", "TestCase", "TestCase", "letters kept"),
        c("urlEncode", "Test Case", "Test+Case", "space to plus"),
        c("urlEncode", "*09AZaz", "*09AZaz", "the kept set"),
        c("urlEncode", "-._~", "%2d%2e%5f%7e", "even unreserved marks are encoded"),
        c("urlEncode", "% %0g", "%25+%250g", "percent"),
        c("urlEncode", "\0\u00e9\u00ff", "%00%e9%ff", "any byte, lower-case hex"),
        c("urlEncode", " !\"#$&'()+,/:;<=>?@[\\]^`{|}",
            "+%21%22%23%24%26%27%28%29%2b%2c%2f%3a%3b%3c%3d%3e%3f%40%5b%5c%5d%5e%60%7b%7c%7d", "punctuation"),
        // sqlHexDecode
        c("sqlHexDecode", "", "", "empty"),
        c("sqlHexDecode", "ABC", "ABC", "no literal"),
        c("sqlHexDecode", "0x414243", "ABC", "a literal"),
        c("sqlHexDecode", "0X414243", "ABC", "capital X"),
        c("sqlHexDecode", "00x414243", "0ABC", "a zero before"),
        c("sqlHexDecode", "0xz0x414243", "0xzABC", "0x without digits stays"),
        c("sqlHexDecode", "0x4142430x434241", "ABCCBA", "two literals"),
        c("sqlHexDecode", "0x4142430x0x434241", "ABC0xCBA", "an empty literal between"),
        c("sqlHexDecode", "0x4142434", "ABC4", "an odd digit stays"),
        c("sqlHexDecode", "0x4", "0x4", "one digit is not a literal"),
        c("sqlHexDecode", "select 0x61646d696e", "select admin", "in a query"),
        c("sqlHexDecode", "0x00410x", "\0A0x", "NUL decoded, trailing 0x kept"),
        // base64Decode
        c("base64Decode", "", "", "empty"),
        c("base64Decode", "VGVzdENhc2U=", "TestCase", "padded"),
        c("base64Decode", "VGVzdENhc2Ux", "TestCase1", "no padding needed"),
        c("base64Decode", "VGVzdENhc2UxMg==", "TestCase12", "double padding"),
        c("base64Decode", "VGVzdENhc2UxMg", "TestCase12", "padding optional"),
        c("base64Decode", "VGVzdABDYXNl", "Test\0Case", "NUL"),
        c("base64Decode", "VGVzdENhc2U=\0VGVzdENhc2U=", "TestCase", "stops at '='"),
        c("base64Decode", "VGVz\r\ndENh\nc2U=", "TestCase", "CR and LF are skipped"),
        c("base64Decode", "VGVz dENhc2U=", "Tes", "a space stops"),
        c("base64Decode", "VGVz\tdA==", "Tes", "a tab stops"),
        c("base64Decode", "VGVz.dA==", "Tes", "a dot stops"),
        c("base64Decode", "VGVz\u00e9dA==", "Tes", "a high byte stops"),
        c("base64Decode", "VGVzd", "Tes", "one leftover character is dropped"),
        c("base64Decode", "V", "", "nothing decodable"),
        c("base64Decode", "!!!", "", "invalid from the start"),
        c("base64Decode", "+/+/", "\u00fb\u00ff\u00bf", "the two non-alphanumeric symbols"),
        c("base64Decode", "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "<script>alert(1)</script>", "payload"),
        // base64DecodeExt
        c("base64DecodeExt", "", "", "empty"),
        c("base64DecodeExt", "VGVzdENhc2U=", "TestCase", "padded"),
        c("base64DecodeExt", "VGVzdABDYXNl", "Test\0Case", "NUL"),
        c("base64DecodeExt", "P.HNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "<script>alert(1)</script>", "dot skipped"),
        c("base64DecodeExt", "PHNjcmlwd.D5hbGVydCgxKTwvc2NyaXB0Pg==", "<script>alert(1)</script>", "elsewhere"),
        c("base64DecodeExt", "PFR FU1Q+", "<TEST>", "space skipped"),
        c("base64DecodeExt", "PF\tR\u000bF\fU\u00a01\u0085Q+", "<TEST>", "all whitespace bytes skipped"),
        c("base64DecodeExt", "VGVz!dA==", "Tes", "other invalid characters still stop"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void encodes(Case c) {
    Spec.check(c);
  }

  @Test
  void sha1ThenHexEncodeIsTheUsualHexDigest() {
    Transformation sha1 = Transformations.byName("sha1").orElseThrow();
    Transformation hexEncode = Transformations.byName("hexEncode").orElseThrow();
    assertThat(hexEncode.apply(sha1.apply("TestCase"))).isEqualTo("a70ce38389e318bd2be18a0111c6dc76bd2cd9ed");
  }

  @Test
  void hexRoundTripsEveryByte() {
    StringBuilder all = new StringBuilder();
    for (int b = 0; b < 256; b++) {
      all.append((char) b);
    }
    String encoded = Transformations.byName("hexEncode").orElseThrow().apply(all.toString());
    assertThat(encoded).hasSize(512).matches("[0-9a-f]+");
    assertThat(Transformations.byName("hexDecode").orElseThrow().apply(encoded)).isEqualTo(all.toString());
  }
}
