package io.meshward.waf.operators;

import static io.meshward.waf.operators.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.meshward.waf.macros.MacroString;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code @pm} / {@code @pmFromFile}: case-insensitive phrase search. */
class PhraseMatchTest {

  private static boolean pm(String phrases, String input) {
    return op("pm", phrases).matches(FakeContext.plain(), input);
  }

  @Test
  void matchesAnyOfTheSpaceSeparatedPhrasesAnywhere() {
    assertThat(pm("abc def ghi", "xxxdefyyy")).isTrue();
    assertThat(pm("abc def ghi", "xxxyyyghi")).isTrue();
    assertThat(pm("abc def ghi", "abcxxxyyy")).isTrue();
    assertThat(pm("ghij", "abcdefghi")).isFalse();
    assertThat(pm("TestCase", "")).isFalse();
  }

  @Test
  void ignoresAsciiCaseOnly() {
    assertThat(pm("gzip compress deflate br zstd", "GZIP")).isTrue();
    assertThat(pm("AppleWebKit Android", "mozilla applewebkit")).isTrue();
    // Bytes above 0x7F match only themselves (no Latin-1 folding): C0 is not E0.
    assertThat(pm("\u00e0", "\u00c0")).isFalse();
    assertThat(pm("\u00e0", "x\u00e0x")).isTrue();
  }

  @Test
  void phrasesMayOverlapAndContainPunctuation() {
    assertThat(pm("document.cookie <!-- <![cdata[", "x <![CDATA[ y")).isTrue();
    assertThat(pm("( )", "f(x)")).isTrue();
    assertThat(pm("?>", "<?php ?>")).isTrue();
    assertThat(pm("she he hers", "ushers")).isTrue();
  }

  @Test
  void manyPhrases() {
    StringBuilder phrases = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      phrases.append(String.format("%03d ", i));
    }
    assertThat(pm(phrases.toString(), "xxxyyy999")).isTrue();
    assertThat(pm(phrases.toString(), "xxxyyy99")).isFalse();
  }

  @Test
  void capturesTheMatchedPhrasesAsTheyAppearLeftmostLongestFirst() {
    FakeContext context = FakeContext.capturingRule();
    assertThat(op("pm", "select union union_all").matches(context, "1 UNION_ALL SELECT 2 union 3"))
        .isTrue();
    assertThat(context.captures)
        .containsExactly(entry(0, "UNION_ALL"), entry(1, "SELECT"), entry(2, "union"));
  }

  @Test
  void capturesAtMostTenMatches() {
    FakeContext context = FakeContext.capturingRule();
    assertThat(op("pm", "ab").matches(context, "ab".repeat(30))).isTrue();
    assertThat(context.captures).hasSize(10).containsEntry(9, "ab");
  }

  @Test
  void leftmostBeatsLongerMatchesThatStartLater() {
    FakeContext context = FakeContext.capturingRule();
    assertThat(op("pm", "bcd abcdef cdefgh").matches(context, "xabcdefgh")).isTrue();
    assertThat(context.captures).containsExactly(entry(0, "abcdef"));
  }

  @Test
  void pmFromFileReadsPhraseLinesSkippingCommentsAndBlanks() {
    Map<String, List<String>> files = Map.of(
        "unix-shell.data", List.of("# a comment", "", "  /bin/sh  ", "etc/passwd", "\t# indented comment"),
        "more.data", List.of("wget"));
    Operator operator = op("pmFromFile", "unix-shell.data", files);
    assertThat(operator.matches(FakeContext.plain(), "cat /ETC/PASSWD")).isTrue();
    assertThat(operator.matches(FakeContext.plain(), "exec /bin/sh -c")).isTrue();
    assertThat(operator.matches(FakeContext.plain(), "a comment")).isFalse();
    assertThat(operator.matches(FakeContext.plain(), "  ")).isFalse();

    Operator both = op("pmf", "unix-shell.data more.data", files);
    assertThat(both.matches(FakeContext.plain(), "WGET http://x")).isTrue();
    assertThat(both.matches(FakeContext.plain(), "/bin/sh")).isTrue();
  }

  @Test
  void pmFromFileFailsWhenAFileCannotBeRead() {
    assertThatThrownBy(() -> Operators.create("pmFromFile", MacroString.constant("missing.data"), Ops.noFiles()))
        .isInstanceOf(OperatorException.class)
        .hasMessageContaining("missing.data");
  }

  @Test
  void theCrsDataFilesLoad() throws Exception {
    java.nio.file.Path rules = io.meshward.waf.regex.CrsCorpus.crs("v4").resolve("rules");
    Operator errors = Operators.create("pmFromFile", MacroString.constant("php-errors.data"),
        file -> java.nio.file.Files.readAllLines(rules.resolve(file), java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThat(((PhraseMatch) errors).phraseCount()).isGreaterThan(1500);
    assertThat(errors.matches(FakeContext.plain(), "<b>Warning</b>: A NON-NUMERIC VALUE ENCOUNTERED in /x.php"))
        .isTrue();
    assertThat(errors.matches(FakeContext.plain(), "hello world")).isFalse();
  }
}
