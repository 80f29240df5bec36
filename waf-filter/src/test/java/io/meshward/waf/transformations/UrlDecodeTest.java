package io.meshward.waf.transformations;

import static io.meshward.waf.transformations.Spec.c;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.waf.transformations.Spec.Case;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** urlDecode and urlDecodeUni. */
class UrlDecodeTest {

  static Stream<Case> urlDecode() {
    String d = "urlDecode";
    return Stream.of(
        c(d, "", "", "empty"),
        c(d, "TestCase", "TestCase", "nothing to decode"),
        c(d, "Test\0Case", "Test\0Case", "NUL passes"),
        c(d, "Test+Case", "Test Case", "plus is a space"),
        c(d, "%41%42%43", "ABC", "upper-case hex"),
        c(d, "%4a%4B", "JK", "either case of hex digit"),
        c(d, "%00%0a%ff", "\0\n\u00ff", "any byte value"),
        c(d, "%2b", "+", "an encoded plus stays a plus"),
        c(d, "%25", "%", "an encoded percent"),
        c(d, "%2541", "%41", "decoded once, not twice"),
        c(d, "%", "%", "lone percent"),
        c(d, "%4", "%4", "one digit at the end"),
        c(d, "%%", "%%", "two percents"),
        c(d, "%%41", "%A", "a bad escape does not swallow the next one"),
        c(d, "%0g%20", "%0g ", "bad second digit"),
        c(d, "%g0%20", "%g0 ", "bad first digit"),
        c(d, "%+", "% ", "percent then plus"),
        c(d, "%u0041", "%u0041", "no %u form in plain urlDecode"),
        c(d, "\u00e9%e9", "\u00e9\u00e9", "high bytes pass through"),
        c(d, "var%3d%20@.%3d%20%28%20SELECT", "var= @.= ( SELECT", "SQL payload"));
  }

  static Stream<Case> urlDecodeUni() {
    String d = "urlDecodeUni";
    return Stream.of(
        c(d, "", "", "empty"),
        c(d, "TestCase", "TestCase", "nothing to decode"),
        c(d, "Test+Case", "Test Case", "plus is a space"),
        c(d, "%41%u0042", "AB", "both forms"),
        c(d, "%U0041", "A", "U in either case"),
        c(d, "%u1141", "A", "low byte of a code point without best fit"),
        c(d, "%u00e9%u00E8%u00c0", "eeA", "accented letters fold to ASCII (best fit)"),
        c(d, "%u00a3", "\u00a3", "no best fit for the pound sign: low byte"),
        c(d, "%u00a0", " ", "no-break space folds to space"),
        c(d, "%u201c%u201d%u2018%u2019%u2014", "\"\"''-", "typographic quotes and dash"),
        c(d, "%u201cAnd he is now the governor", "\"And he is now the governor", "CRS-style payload"),
        c(d, "%uff1c%uff53%uff43%uff52%uff49%uff50%uff54%uff1e", "<script>", "full-width ASCII"),
        c(d, "%uff1f", "?", "full-width '?' is not in the table but folds by the 0x20 rule"),
        c(d, "%uff00", "\0", "U+FF00 is not full-width ASCII: low byte 00"),
        c(d, "%uff5f", "_", "U+FF5F: low byte only"),
        c(d, "%uffff", "\u00ff", "U+FFFF: low byte"),
        c(d, "%u2122", "T", "trade mark sign"),
        c(d, "%u", "%u", "%u at the end"),
        c(d, "%u%u0020", "%u ", "short %u kept, next decoded"),
        c(d, "%u0%u0020", "%u0 ", "one digit"),
        c(d, "%u00%u0020", "%u00 ", "two digits"),
        c(d, "%u000%u0020", "%u000 ", "three digits"),
        c(d, "%u000g%u0020", "%u000g ", "a non-hex fourth digit"),
        c(d, "%u004", "%u004", "three digits at the end"),
        c(d, "%u41", "%u41", "%u41 is not %41"),
        c(d, "%%u0020", "% ", "percent before %u"),
        c(d, "%0g%u0020", "%0g ", "bad %xx then %u"),
        c(d, "%0%1%2%3%4%5%6%7%8%9%0%a%b%c%d%e%f", "%0%1%2%3%4%5%6%7%8%9%0%a%b%c%d%e%f", "single digits"),
        c(d, "%g0%g1%ga", "%g0%g1%ga", "invalid first digits"),
        c(d, "%u0000", "\0", "NUL"),
        c(d, "%e2%80%9c", "\u00e2\u0080\u009c", "%xx of UTF-8 stays bytes: no best fit"));
  }

  @ParameterizedTest
  @MethodSource("urlDecode")
  void urlDecodeCases(Case c) {
    Spec.check(c);
  }

  @ParameterizedTest
  @MethodSource("urlDecodeUni")
  void urlDecodeUniCases(Case c) {
    Spec.check(c);
  }

  @Test
  void everyByteValueDecodes() {
    StringBuilder in = new StringBuilder("+");
    StringBuilder out = new StringBuilder(" ");
    for (int b = 0; b < 256; b++) {
      in.append(String.format(b % 2 == 0 ? "%%%02x" : "%%%02X", b));
      out.append((char) b);
    }
    for (String name : new String[] {"urlDecode", "urlDecodeUni"}) {
      assertThat(Transformations.byName(name).orElseThrow().apply(in.toString())).isEqualTo(out.toString());
    }
  }

  @Test
  void percentUOfLatin1AppliesTheBestFitTableOrTheLowByte() {
    Transformation t = Transformations.byName("urlDecodeUni").orElseThrow();
    for (int cp = 0; cp < 0x100; cp++) {
      String decoded = t.apply(String.format("%%u%04x", cp));
      int mapped = UnicodeBestFit.map(cp);
      assertThat((int) decoded.charAt(0)).as("U+%04X", cp).isEqualTo(mapped < 0 ? cp : mapped);
      if (cp < 0xA0) {
        assertThat((int) decoded.charAt(0)).as("U+%04X below the table", cp).isEqualTo(cp);
      }
    }
    // The Hangul Jamo block has no best fit: only the low byte counts.
    for (int cp = 0x1100; cp < 0x1200; cp++) {
      assertThat((int) t.apply(String.format("%%u%04x", cp)).charAt(0)).isEqualTo(cp & 0xFF);
    }
  }

  @Test
  void fullWidthAsciiFoldsToAscii() {
    Transformation t = Transformations.byName("urlDecodeUni").orElseThrow();
    for (int cp = 0xFF01; cp <= 0xFF5E; cp++) {
      assertThat((int) t.apply(String.format("%%u%04X", cp)).charAt(0)).isEqualTo(cp - 0xFEE0);
    }
  }
}
