package io.meshward.waf.bodyprocessors;

import static io.meshward.waf.bodyprocessors.TestBodies.crlf;
import static io.meshward.waf.bodyprocessors.TestBodies.multipart;
import static io.meshward.waf.bodyprocessors.TestBodies.pairs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("multipart/form-data")
class MultipartParserTest {

  static final String FORM = crlf("""
      --XyZ
      Content-Disposition: form-data; name="name"

      John Smith
      --XyZ
      Content-Disposition: form-data; name="email"

      john.smith@example.com
      --XyZ
      Content-Disposition: form-data; name="image"; filename="image.jpg"
      Content-Type: image/jpeg

      BINARY
      DATA
      --XyZ
      Content-Disposition: form-data; name="note"

      line 1
      line 2

      --XyZ--
      """);

  /** The flags that are 1 in a result. */
  static Set<MultipartFlag> raised(BodyResult r) {
    return Arrays.stream(MultipartFlag.values())
        .filter(f -> r.flag(f) == 1)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(MultipartFlag.class)));
  }

  // --- a normal form ---

  final BodyResult form = multipart(FORM);

  @Test
  void givesFieldsAsArgsPostInOrderWithoutTheLineBreakBeforeTheBoundary() {
    assertThat(form.args())
        .containsExactly(
            NamedValue.of("name", "John Smith"),
            NamedValue.of("email", "john.smith@example.com"),
            NamedValue.of("note", "line 1\r\nline 2\r\n"));
  }

  @Test
  void givesFilesWithNameFilenameSizeAndContent() {
    assertThat(form.files()).hasSize(1);
    FilePart f = form.files().get(0);
    assertThat(f.name()).isEqualTo("image");
    assertThat(f.filename()).isEqualTo("image.jpg");
    assertThat(f.contentType()).isEqualTo("image/jpeg");
    assertThat(f.size()).isEqualTo(12);
    assertThat(f.content(TestBodies.bytes(FORM))).isEqualTo("BINARY\r\nDATA");
    assertThat(form.filesCombinedSize()).isEqualTo(12);
  }

  @Test
  void givesPartHeadersKeyedByPartName() {
    assertThat(pairs(form.partHeaders()))
        .containsExactly(
            "name=Content-Disposition: form-data; name=\"name\"",
            "email=Content-Disposition: form-data; name=\"email\"",
            "image=Content-Disposition: form-data; name=\"image\"; filename=\"image.jpg\"",
            "image=Content-Type: image/jpeg",
            "note=Content-Disposition: form-data; name=\"note\"");
  }

  @Test
  void givesMultipartNamesAndFilenames() {
    assertThat(form.multipartNames()).containsExactly("name", "email", "image", "note");
    assertThat(form.multipartFilenames()).containsExactly("image.jpg");
  }

  @Test
  void raisesNoFlagAndNoError() {
    assertThat(raised(form)).isEmpty();
    assertThat(form.flags()).hasSize(MultipartFlag.values().length).containsValue(0).doesNotContainValue(1);
    assertThat(form.error()).isFalse();
    assertThat(form.errorMessage()).isEmpty();
    assertThat(form.processor()).isEqualTo(BodyProcessorType.MULTIPART);
  }

  @Test
  void acceptsAFinalBoundaryWithoutLineBreak() {
    BodyResult noEol = multipart(FORM.substring(0, FORM.length() - 2));
    assertThat(noEol.error()).isFalse();
    assertThat(noEol.args()).hasSize(3);
    assertThat(raised(noEol)).isEmpty();
  }

  // --- flags, each raised by a crafted body ---

  @Test
  void boundaryQuoted() {
    BodyResult r = multipart("multipart/form-data; boundary=\"XyZ\"", FORM);
    assertThat(raised(r)).containsExactlyInAnyOrder(MultipartFlag.BOUNDARY_QUOTED, MultipartFlag.STRICT_ERROR);
    assertThat(r.args()).hasSize(3);
    assertThat(r.error()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"multipart/form-data; boundary =XyZ", "multipart/form-data; boundary= XyZ"})
  void boundaryWhitespace(String contentType) {
    BodyResult r = multipart(contentType, FORM);
    assertThat(raised(r)).containsExactlyInAnyOrder(MultipartFlag.BOUNDARY_WHITESPACE, MultipartFlag.STRICT_ERROR);
    assertThat(r.args()).hasSize(3);
  }

  @Test
  void missingSemicolonUnderBothNames() {
    BodyResult r = multipart("multipart/form-data boundary=XyZ", FORM);
    assertThat(raised(r))
        .containsExactlyInAnyOrder(
            MultipartFlag.MISSING_SEMICOLON, MultipartFlag.SEMICOLON_MISSING, MultipartFlag.STRICT_ERROR);
    assertThat(r.flag("MULTIPART_SEMICOLON_MISSING")).isEqualTo(1);
    assertThat(r.args()).hasSize(3);
  }

  @Test
  void dataBefore() {
    BodyResult r = multipart(crlf("preamble\n") + FORM);
    assertThat(raised(r)).containsExactlyInAnyOrder(MultipartFlag.DATA_BEFORE, MultipartFlag.STRICT_ERROR);
    assertThat(r.args()).hasSize(3);
  }

  @Test
  void dataAfter() {
    BodyResult r = multipart(FORM + "epilogue");
    assertThat(raised(r)).containsExactlyInAnyOrder(MultipartFlag.DATA_AFTER, MultipartFlag.STRICT_ERROR);
    assertThat(r.args()).hasSize(3);
  }

  @Test
  void headerFoldingJoinsTheLinesWithASpace() {
    BodyResult r = multipart(crlf("""
        --XyZ
        Content-Disposition: form-data;
         name="folded"

        v
        --XyZ--
        """));
    assertThat(raised(r)).containsExactlyInAnyOrder(MultipartFlag.HEADER_FOLDING, MultipartFlag.STRICT_ERROR);
    assertThat(r.args()).containsExactly(NamedValue.of("folded", "v"));
    assertThat(r.partHeaders())
        .containsExactly(NamedValue.of("folded", "Content-Disposition: form-data; name=\"folded\""));
  }

  @Test
  void invalidHeaderFoldingWithAVerticalTab() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data;\n\u000b name=\"a\"\n\nv\n--XyZ--\n"));
    assertThat(raised(r))
        .containsExactlyInAnyOrder(
            MultipartFlag.HEADER_FOLDING, MultipartFlag.INVALID_HEADER_FOLDING, MultipartFlag.STRICT_ERROR);
    assertThat(r.args()).containsExactly(NamedValue.of("a", "v"));
  }

  @Test
  void lfLinesEverywhere() {
    BodyResult r = multipart(FORM.replace("\r\n", "\n"));
    assertThat(raised(r)).containsExactlyInAnyOrder(MultipartFlag.LF_LINE, MultipartFlag.STRICT_ERROR);
    assertThat(r.args()).contains(NamedValue.of("note", "line 1\nline 2\n"));
    assertThat(r.files().get(0).size()).isEqualTo(11);
  }

  @Test
  void bareLfInsidePartDataIsNotFlagged() {
    BodyResult r = multipart(FORM.replace("line 1\r\nline 2", "line 1\nline 2"));
    assertThat(raised(r)).isEmpty();
    assertThat(r.args()).contains(NamedValue.of("note", "line 1\nline 2\r\n"));
  }

  @Test
  void mixedCrlfAndLfLines() {
    BodyResult r = multipart(FORM.replaceFirst("\r\n", "\n"));
    assertThat(raised(r))
        .containsExactlyInAnyOrder(MultipartFlag.LF_LINE, MultipartFlag.CRLF_LF_LINES, MultipartFlag.STRICT_ERROR);
  }

  @Test
  void invalidQuotingWithSingleQuotes() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data; name='a'\n\nv\n--XyZ--\n"));
    assertThat(raised(r)).containsExactlyInAnyOrder(MultipartFlag.INVALID_QUOTING, MultipartFlag.STRICT_ERROR);
    assertThat(r.args()).containsExactly(NamedValue.of("a", "v"));
  }

  @Test
  void invalidQuotingWithAQuoteInsideAFilename() {
    BodyResult r = multipart(crlf("""
        --XyZ
        Content-Disposition: form-data; name="f"; filename="te'st.txt"

        x
        --XyZ--
        """));
    assertThat(raised(r)).containsExactlyInAnyOrder(MultipartFlag.INVALID_QUOTING, MultipartFlag.STRICT_ERROR);
    assertThat(r.files().get(0).filename()).isEqualTo("te'st.txt");
  }

  @Test
  void invalidPartWhenAPartHasNoHeaders() {
    BodyResult r = multipart(crlf("--XyZ\n\nloose data\n--XyZ\nContent-Disposition: form-data; name=\"ok\"\n\nv\n--XyZ--\n"));
    assertThat(raised(r)).contains(MultipartFlag.INVALID_PART, MultipartFlag.STRICT_ERROR);
    assertThat(r.args()).containsExactly(NamedValue.of("ok", "v"));
    assertThat(r.errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Part missing Content-Disposition header.");
  }

  @Test
  void fileLimitExceeded() {
    BodyProcessors oneFile = new BodyProcessors(BodyLimits.DEFAULTS.withMaxFiles(1));
    String body = crlf("""
        --XyZ
        Content-Disposition: form-data; name="f1"; filename="a.txt"

        A
        --XyZ
        Content-Disposition: form-data; name="f2"; filename="b.txt"

        BB
        --XyZ--
        """);
    BodyResult r = oneFile.process(BodyProcessorType.MULTIPART, TestBodies.bytes(body),
        "multipart/form-data; boundary=XyZ");
    assertThat(raised(r)).containsExactlyInAnyOrder(MultipartFlag.FILE_LIMIT_EXCEEDED, MultipartFlag.STRICT_ERROR);
    assertThat(r.files()).extracting(FilePart::filename).containsExactly("a.txt", "b.txt");
    assertThat(r.filesCombinedSize()).isEqualTo(3);
    assertThat(r.errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Upload file limit exceeded 1. "
            + "Use SecUploadFileLimit to change the limit.");
  }

  @Test
  void unmatchedBoundaryForALineThatLooksLikeABoundary() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n--Other\n--XyZ--\n"));
    assertThat(raised(r)).containsExactly(MultipartFlag.UNMATCHED_BOUNDARY);
    assertThat(r.args()).containsExactly(NamedValue.of("a", "--Other"));
    assertThat(r.error()).isFalse();
  }

  @Test
  void unmatchedBoundaryForABoundaryInsideALine() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data; name=\"a\"\n\nx --XyZ--\n--XyZ--\n"));
    assertThat(raised(r)).containsExactly(MultipartFlag.UNMATCHED_BOUNDARY);
    assertThat(r.args()).containsExactly(NamedValue.of("a", "x --XyZ--"));
  }

  @Test
  void strictErrorIsRaisedByAnyParsingError() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data; name=\"a\"\n\nv\n"));
    assertThat(r.error()).isTrue();
    assertThat(r.flag(MultipartFlag.STRICT_ERROR)).isEqualTo(1);
  }

  // --- broken bodies ---

  @Test
  void noFinalBoundaryIsAnErrorButKeepsWhatWasRead() {
    BodyResult r = multipart(crlf("""
        --XyZ
        Content-Disposition: form-data; name="a"

        1
        --XyZ
        Content-Disposition: form-data; name="b"

        unterminated
        """));
    assertThat(r.error()).isTrue();
    assertThat(r.errorMessage()).isEqualTo("Multipart parsing error: Multipart: Final boundary missing.");
    assertThat(r.args()).containsExactly(NamedValue.of("a", "1"), NamedValue.of("b", "unterminated"));
    assertThat(r.flag(MultipartFlag.STRICT_ERROR)).isEqualTo(1);
  }

  @Test
  void aBoundaryCutShortAtTheEndIsNotContent() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n1\n") + "--XyZ");
    assertThat(r.errorMessage()).isEqualTo("Multipart parsing error: Multipart: Final boundary missing.");
    assertThat(r.args()).containsExactly(NamedValue.of("a", "1"));
  }

  @Test
  void noBoundaryAtAll() {
    BodyResult r = multipart("just some text");
    assertThat(r.errorMessage()).isEqualTo("Multipart parsing error: Multipart: No boundaries found in payload.");
    assertThat(r.flag(MultipartFlag.DATA_BEFORE)).isEqualTo(1);
  }

  @Test
  void anEmptyBodyIsNoError() {
    BodyResult r = multipart("");
    assertThat(r.error()).isFalse();
    assertThat(r.args()).isEmpty();
  }

  @Test
  void textAfterTheBoundaryOnItsLineStopsParsing() {
    BodyResult r = multipart(crlf("""
        --XyZ
        Content-Disposition: form-data; name="a"

        1
        --XyZjunk
        Content-Disposition: form-data; name="b"

        2
        --XyZ--
        """));
    assertThat(r.errorMessage()).isEqualTo("Multipart parsing error: Multipart: Invalid boundary: --XyZjunk");
    assertThat(r.args()).isEmpty();
  }

  @Test
  void whitespaceBetweenDashesAndBoundaryStopsParsing() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n1\n-- XyZ\n--XyZ--\n"));
    assertThat(r.errorMessage()).isEqualTo("Multipart parsing error: Multipart: Invalid boundary (whitespace).");
  }

  @Test
  void quotesInTheBodyAroundAQuotedBoundaryStopParsing() {
    BodyResult r = multipart("multipart/form-data; boundary=\"XyZ\"",
        crlf("--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n1\n--\"XyZ\"\n--XyZ--\n"));
    assertThat(r.errorMessage()).isEqualTo("Multipart parsing error: Multipart: Invalid boundary (quotes).");
  }

  @Test
  void aHeaderWithoutColonIsReportedAndSkipped() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data; name=\"a\"\nbogus line\n\nv\n--XyZ--\n"));
    assertThat(r.errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Invalid part header (colon missing): bogus line");
    assertThat(r.args()).containsExactly(NamedValue.of("a", "v"));
  }

  @Test
  void aHeaderNameWithAControlCharacterIsReported() {
    BodyResult r = multipart(crlf("--XyZ\n\u000eContent-Disposition: form-data; name=\"f\"; filename=\"1.php\"\n"
        + "Content-Disposition: form-data; name=\"post\"\n\n<?php\n--XyZ--\n"));
    assertThat(r.errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Invalid part header (contains invalid character).");
    assertThat(r.args()).containsExactly(NamedValue.of("post", "<?php"));
  }

  @Test
  void aDuplicateHeaderIsReportedAndTheFirstKept() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data; name=\"a\"\n"
        + "content-disposition: form-data; name=\"b\"\n\nv\n--XyZ--\n"));
    assertThat(r.errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Duplicate part header: content-disposition.");
    assertThat(r.args()).containsExactly(NamedValue.of("a", "v"));
  }

  @Test
  void foldingWithoutAHeaderIsReported() {
    BodyResult r = multipart(crlf("--XyZ\n continued\nContent-Disposition: form-data; name=\"a\"\n\nv\n--XyZ--\n"));
    assertThat(r.errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Invalid part header (folding error).");
    assertThat(r.args()).containsExactly(NamedValue.of("a", "v"));
  }

  @Test
  void aNulByteInHeadersIsReported() {
    BodyResult r = multipart(crlf("--XyZ\nX-A: \u0000\nContent-Disposition: form-data; name=\"a\"\n\nv\n--XyZ--\n"));
    assertThat(r.errorMessage()).isEqualTo("Multipart parsing error: Multipart: Nul byte in part headers.");
  }

  @Test
  void aPartHeaderLineOverTheLimitStopsParsing() {
    BodyResult r = multipart(crlf("--XyZ\nX-Long: " + "a".repeat(5000) + "\n\nv\n--XyZ--\n"));
    assertThat(r.errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Part header line over 4096 bytes long");
    assertThat(r.args()).isEmpty();
  }

  @Test
  void aPartWithoutNameIsDropped() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data; name=\"\"; filename=\"\"\n\nv\n--XyZ--\n"));
    assertThat(r.errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Content-Disposition header missing name field.");
    assertThat(r.args()).isEmpty();
    assertThat(r.flag(MultipartFlag.INVALID_PART)).isEqualTo(1);
  }

  @Test
  void anUnknownDispositionParameterIsAnError() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data; name=\"a\"; size=3\n\nv\n--XyZ--\n"));
    assertThat(r.errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Invalid Content-Disposition header (-11): "
            + "form-data; name=\"a\"; size=3");
    assertThat(r.flag(MultipartFlag.INVALID_PART)).isEqualTo(1);
  }

  // --- Content-Disposition values ---

  @Test
  void aBackslashEscapesOnlyTheQuoteAndItself() {
    BodyResult r = multipart(crlf("""
        --XyZ
        Content-Disposition: form-data; name="a\\"b"; filename="1.j\\s\\p"

        x
        --XyZ
        Content-Disposition: form-data; name="c\\\\d"

        y
        --XyZ--
        """));
    assertThat(r.files()).extracting(FilePart::name, FilePart::filename).containsExactly(
        org.assertj.core.groups.Tuple.tuple("a\"b", "1.j\\s\\p"));
    assertThat(r.args()).containsExactly(NamedValue.of("c\\d", "y"));
    assertThat(r.error()).isFalse();
  }

  @Test
  void unquotedValuesAreTokens() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data; name=plain\n\nv\n--XyZ--\n"));
    assertThat(r.args()).containsExactly(NamedValue.of("plain", "v"));
  }

  @Test
  void separatorsInsideQuotesBelongToTheName() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data; name=\"fi;le=x\"; filename=\"t\"\n\nv\n--XyZ--\n"));
    assertThat(r.files()).extracting(FilePart::name).containsExactly("fi;le=x");
  }

  @Test
  void anEmptyFilenameMakesAField() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data; name=\"a\"; filename=\"\"\n\nv\n--XyZ--\n"));
    assertThat(r.files()).isEmpty();
    assertThat(r.args()).containsExactly(NamedValue.of("a", "v"));
  }

  @Test
  void filenamesKeepTheirPath() {
    BodyResult r = multipart(crlf("--XyZ\nContent-Disposition: form-data; name=\"f\"; filename=\"../../x.php\"\n\nv\n--XyZ--\n"));
    assertThat(r.files().get(0).filename()).isEqualTo("../../x.php");
  }

  // --- Content-Type header ---

  @Test
  void acceptsOtherParametersAroundTheBoundary() {
    BodyResult r = multipart("Multipart/Form-Data; charset=utf-8; BOUNDARY=XyZ; x=\"a;b\"", FORM);
    assertThat(r.error()).isFalse();
    assertThat(r.args()).hasSize(3);
  }

  @Test
  void reportsAMissingBoundary() {
    BodyResult r = multipart("multipart/form-data", FORM);
    assertThat(r.errorMessage()).isEqualTo("Multipart parsing error: Multipart: Boundary not found in C-T.");
    assertThat(r.args()).isEmpty();
    assertThat(r.flag(MultipartFlag.STRICT_ERROR)).isEqualTo(1);
  }

  @Test
  void reportsTwoBoundaries() {
    assertThat(multipart("multipart/form-data; boundary=a; boundary=b", FORM).errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Multiple boundary parameters in C-T.");
  }

  @Test
  void reportsAnotherMediaType() {
    assertThat(multipart("multipart/mixed; boundary=XyZ", FORM).errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Invalid MIME type.");
  }

  @Test
  void reportsPartialQuoting() {
    assertThat(multipart("multipart/form-data; boundary=\"XyZ", FORM).errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Invalid boundary in C-T (quote).");
  }

  @Test
  void reportsInvalidBoundaryCharacters() {
    assertThat(multipart("multipart/form-data; boundary=a<b>", FORM).errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Invalid boundary in C-T (characters).");
  }

  @Test
  void reportsAMissingHeader() {
    assertThat(multipart(null, FORM).errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Content-Type header not available.");
  }

  // --- limits ---

  @Test
  void hugePartCountsStopAtThePartLimit() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      sb.append("--XyZ\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
    }
    sb.append("--XyZ--\r\n");
    BodyProcessors p = new BodyProcessors(BodyLimits.DEFAULTS.withMaxArgs(100_000));
    BodyResult r = p.process(BodyProcessorType.MULTIPART, TestBodies.bytes(sb.toString()),
        "multipart/form-data; boundary=XyZ");
    assertThat(r.args()).hasSize(1000);
    assertThat(r.errorMessage()).isEqualTo("Multipart parsing error: Multipart: Too many parts (limit 1000).");
    assertThat(r.flag(MultipartFlag.STRICT_ERROR)).isEqualTo(1);
  }

  @Test
  void fieldsStopAtTheArgumentsLimit() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      sb.append("--XyZ\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
    }
    sb.append("--XyZ--\r\n");
    BodyResult r = TestBodies.PROCESSORS.process(BodyProcessorType.MULTIPART, TestBodies.bytes(sb.toString()),
        sb.length(), "multipart/form-data; boundary=XyZ", 990);
    assertThat(r.args()).hasSize(10);
    assertThat(r.argsLimitExceeded()).isTrue();
    assertThat(r.errorMessage()).isEqualTo("Multipart parsing error: Multipart: Arguments limit exceeded (1000).");
  }

  @Test
  void partHeadersPerPartAreBounded() {
    StringBuilder sb = new StringBuilder("--XyZ\r\n");
    for (int i = 0; i < 200; i++) {
      sb.append("X-H").append(i).append(": v\r\n");
    }
    sb.append("Content-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ--\r\n");
    BodyResult r = multipart(sb.toString());
    assertThat(r.errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Too many part headers (limit 64).");
    assertThat(r.partHeaders()).hasSize(MultipartParser.MAX_PART_HEADERS);
  }
}
