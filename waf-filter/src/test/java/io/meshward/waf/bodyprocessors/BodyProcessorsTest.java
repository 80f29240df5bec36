package io.meshward.waf.bodyprocessors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("the body processors facade")
class BodyProcessorsTest {

  // --- choosing a processor ---

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "application/x-www-form-urlencoded|URLENCODED",
      "  Application/X-WWW-Form-Urlencoded; charset=UTF-8|URLENCODED",
      "multipart/form-data; boundary=x|MULTIPART",
      "MULTIPART/FORM-DATA|MULTIPART",
      "multipart/mixed; boundary=x|RAW",
      "application/json|RAW",
      "text/xml|RAW",
      "|RAW"})
  void byContentTypeLikeModSecurity(String contentType, BodyProcessorType expected) {
    assertThat(BodyProcessorType.defaultFor(contentType)).isEqualTo(expected);
  }

  @Test
  void byCtlNameInAnyCase() {
    assertThat(BodyProcessorType.fromName("json")).contains(BodyProcessorType.JSON);
    assertThat(BodyProcessorType.fromName(" XML ")).contains(BodyProcessorType.XML);
    assertThat(BodyProcessorType.fromName("yaml")).isEmpty();
    assertThat(BodyProcessorType.fromName(null)).isEmpty();
  }

  @Test
  void theVariableValueIsTheSecLangName() {
    assertThat(BodyProcessorType.MULTIPART.variableValue()).isEqualTo("MULTIPART");
  }

  // --- results ---

  @Test
  void rawParsesNothing() {
    BodyResult r = TestBodies.PROCESSORS.process(BodyProcessorType.RAW, TestBodies.bytes("a=1"), null);
    assertThat(r.args()).isEmpty();
    assertThat(r.flags()).isEmpty();
    assertThat(r.error()).isFalse();
    assertThat(r.bytesProcessed()).isEqualTo(3);
  }

  @Test
  void areImmutable() {
    BodyResult r = TestBodies.urlencoded("a=1");
    assertThatThrownBy(() -> r.args().add(NamedValue.of("b", "2")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.flags().put("X", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theEmptyResultHasNoError() {
    BodyResult r = BodyResult.empty(BodyProcessorType.JSON);
    assertThat(r.error()).isFalse();
    assertThat(r.errorMessage()).isEmpty();
    assertThat(r.flag(MultipartFlag.STRICT_ERROR)).isZero();
  }

  @Test
  void limitsAreValidated() {
    assertThatThrownBy(() -> BodyLimits.DEFAULTS.withMaxDepth(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BodyLimits.DEFAULTS.withMaxArgs(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void crs922130BodyFromTheTestResources() throws IOException {
    byte[] body;
    try (InputStream in = getClass().getResourceAsStream("/bodyprocessors/crs-922130-1.multipart")) {
      body = in.readAllBytes();
    }
    BodyResult r = TestBodies.PROCESSORS.process(
        BodyProcessorType.MULTIPART, body, "multipart/form-data; boundary=boundary");
    assertThat(r.errorMessage())
        .isEqualTo("Multipart parsing error: Multipart: Invalid part header (contains invalid character).");
    assertThat(r.args()).containsExactly(
        NamedValue.of("post", "<?php var_dump(file_get_contents(\"/etc/passwd\"));"));
    assertThat(r.flag(MultipartFlag.LF_LINE)).isZero();
    assertThat(r.flag(MultipartFlag.STRICT_ERROR)).isOne();
  }

  // --- byte strings ---

  @Test
  void utf8EncodesEveryPlane() {
    String s = "a\u00e9\u4e2d\uD83D\uDE00";
    assertThat(ByteStrings.utf8(s))
        .isEqualTo(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    String ascii = "plain ascii";
    assertThat(ByteStrings.utf8(ascii)).isSameAs(ascii);
  }

  @Test
  void sanitizeMakesOneShortPrintableLine() {
    assertThat(ByteStrings.sanitize("ParseError at [1,2]\nMessage:\t\u00ff bad\u0000", 100))
        .isEqualTo("ParseError at [1,2] Message: ? bad");
    assertThat(ByteStrings.sanitize("x".repeat(300), 10)).isEqualTo("xxxxxxxxxx...");
  }
}
