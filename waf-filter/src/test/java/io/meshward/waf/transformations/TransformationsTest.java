package io.meshward.waf.transformations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The registry of transformations by name. */
class TransformationsTest {

  @Test
  void knowsTheTwentyTransformationsCrsUsesAndTheCommonOthers() {
    assertThat(Transformations.names()).contains(
        "none", "urlDecodeUni", "lowercase", "jsDecode", "htmlEntityDecode", "utf8toUnicode", "removeNulls",
        "cssDecode", "cmdLine", "removeWhitespace", "replaceComments", "normalizePath", "escapeSeqDecode",
        "compressWhitespace", "normalizePathWin", "length", "base64Decode", "sha1", "hexEncode", "removeCommentsChar");
    assertThat(Transformations.names()).contains(
        "urlDecode", "uppercase", "trim", "trimLeft", "trimRight", "replaceNulls", "base64DecodeExt", "hexDecode",
        "md5", "urlEncode", "sqlHexDecode");
    assertThat(Transformations.names()).hasSize(31);
  }

  @Test
  void everyCanonicalNameResolves() {
    for (String name : Transformations.names()) {
      assertThat(Transformations.byName(name)).as(name).isPresent();
    }
  }

  @Test
  void namesAreCaseInsensitive() {
    Transformation t = Transformations.byName("urlDecodeUni").orElseThrow();
    assertThat(Transformations.byName("URLDECODEUNI")).containsSame(t);
    assertThat(Transformations.byName("urldecodeuni")).containsSame(t);
    assertThat(Transformations.byName("Utf8ToUnicode")).isPresent();
    assertThat(Transformations.byName("CMDLINE")).isPresent();
  }

  @Test
  void britishSpellingsAreAliases() {
    assertThat(Transformations.byName("normalisePath")).containsSame(
        Transformations.byName("normalizePath").orElseThrow());
    assertThat(Transformations.byName("normalisePathWin")).containsSame(
        Transformations.byName("normalizePathWin").orElseThrow());
    assertThat(Transformations.names()).doesNotContain("normalisePath", "normalisePathWin");
  }

  @Test
  void unknownNamesAreEmpty() {
    assertThat(Transformations.byName("alert")).isEmpty();
    assertThat(Transformations.byName("")).isEmpty();
    assertThat(Transformations.byName(null)).isEmpty();
    assertThat(Transformations.byName("urlDecodeUni ")).isEmpty();
  }

  @Test
  void namesAreSortedAndReadOnly() {
    assertThat(new java.util.ArrayList<>(Transformations.names())).isSorted();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Transformations.names().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void noneIsTheIdentity() {
    String s = new String("a%41");
    assertThat(Transformations.byName("none").orElseThrow().apply(s)).isSameAs(s);
  }

  @Test
  void crsPipelinesCompose() {
    // REQUEST-941 style: t:utf8toUnicode,t:urlDecodeUni,t:htmlEntityDecode,t:jsDecode,t:cssDecode,t:removeNulls
    String[] pipeline = {"utf8toUnicode", "urlDecodeUni", "htmlEntityDecode", "jsDecode", "cssDecode", "removeNulls"};
    // jsDecode removes every backslash it sees, so cssDecode only meets the ones jsDecode unescaped.
    String value = "%3Cscr%00ipt%3E&lt;img src=x onerror=\\u0061lert(1)&gt;\\\\3c /script\\\\3e";
    for (String name : pipeline) {
      value = Transformations.byName(name).orElseThrow().apply(value);
    }
    assertThat(value).isEqualTo("<script><img src=x onerror=alert(1)></script>");
  }
}
