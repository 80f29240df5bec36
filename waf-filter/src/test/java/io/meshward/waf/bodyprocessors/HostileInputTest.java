package io.meshward.waf.bodyprocessors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bodies built to hurt: large, binary, malformed. Every processor must return (never throw), in bounded time, with
 * bounded output.
 */
@DisplayName("hostile bodies")
class HostileInputTest {
  static final int TEN_MB = 10 * 1024 * 1024;
  static final Duration BUDGET = Duration.ofSeconds(10);
  static final String MULTIPART_CT = "multipart/form-data; boundary=" + "-".repeat(60) + "x";

  static BodyResult run(BodyProcessorType type, byte[] body) {
    return assertTimeoutPreemptively(BUDGET,
        () -> TestBodies.PROCESSORS.process(type, body, body.length,
            type == BodyProcessorType.MULTIPART ? MULTIPART_CT : "application/octet-stream", 0));
  }

  static long outputChars(BodyResult r) {
    long n = 0;
    for (NamedValue v : r.args()) {
      n += v.name().length() + v.value().length();
    }
    for (NamedValue v : r.partHeaders()) {
      n += v.name().length() + v.value().length();
    }
    for (String s : r.xmlTexts()) {
      n += s.length();
    }
    for (String s : r.xmlAttributeValues()) {
      n += s.length();
    }
    return n + r.xmlContent().length();
  }

  @ParameterizedTest
  @EnumSource(BodyProcessorType.class)
  void tenMegabytesOfRandomBytes(BodyProcessorType type) {
    byte[] body = new byte[TEN_MB];
    new Random(42).nextBytes(body);
    BodyResult r = run(type, body);
    assertThat(outputChars(r)).isLessThanOrEqualTo(2L * TEN_MB);
  }

  @ParameterizedTest
  @EnumSource(BodyProcessorType.class)
  void tenMegabytesOfNulBytes(BodyProcessorType type) {
    BodyResult r = run(type, new byte[TEN_MB]);
    assertThat(outputChars(r)).isLessThanOrEqualTo(2L * TEN_MB);
  }

  @ParameterizedTest
  @EnumSource(BodyProcessorType.class)
  void tenMegabytesOfDashes(BodyProcessorType type) {
    byte[] body = new byte[TEN_MB];
    Arrays.fill(body, (byte) '-');
    BodyResult r = run(type, body);
    assertThat(outputChars(r)).isLessThanOrEqualTo(2L * TEN_MB);
  }

  @ParameterizedTest
  @EnumSource(BodyProcessorType.class)
  void tenMegabytesOfLineBreaksAndDashLines(BodyProcessorType type) {
    String unit = "--" + "-".repeat(60) + "\n\r\n=&%\n";
    byte[] body = unit.repeat(TEN_MB / unit.length()).getBytes(StandardCharsets.ISO_8859_1);
    BodyResult r = run(type, body);
    assertThat(outputChars(r)).isLessThanOrEqualTo(2L * TEN_MB);
  }

  @ParameterizedTest
  @EnumSource(BodyProcessorType.class)
  void invalidUtf8Sequences(BodyProcessorType type) {
    byte[] body = new byte[1024 * 1024];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (0x80 + (i % 0x7f));
    }
    BodyResult r = run(type, body);
    assertThat(r.processor()).isEqualTo(type);
  }

  @Test
  void aTenMegabyteFileUploadIsOneRangeNotACopy() {
    StringBuilder head = new StringBuilder()
        .append("--").append("-".repeat(60)).append("x\r\n")
        .append("Content-Disposition: form-data; name=\"f\"; filename=\"big.bin\"\r\n\r\n");
    String tail = "\r\n--" + "-".repeat(60) + "x--\r\n";
    byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] t = tail.getBytes(StandardCharsets.ISO_8859_1);
    byte[] body = new byte[h.length + TEN_MB + t.length];
    System.arraycopy(h, 0, body, 0, h.length);
    new Random(7).nextBytes(body);
    System.arraycopy(h, 0, body, 0, h.length);
    for (int i = h.length; i < h.length + TEN_MB; i++) {
      if (body[i] == '\n' || body[i] == '-') {
        body[i] = 'a';
      }
    }
    System.arraycopy(t, 0, body, h.length + TEN_MB, t.length);
    BodyResult r = run(BodyProcessorType.MULTIPART, body);
    assertThat(r.error()).isFalse();
    assertThat(r.files()).hasSize(1);
    assertThat(r.files().get(0).size()).isEqualTo(TEN_MB);
    assertThat(r.filesCombinedSize()).isEqualTo(TEN_MB);
    assertThat(outputChars(r)).isLessThan(1000);
  }

  @Test
  void aTenMegabyteUrlEncodedBodyOfTinyArgumentsStopsAtTheLimit() {
    byte[] body = "a=1&".repeat(TEN_MB / 4).getBytes(StandardCharsets.ISO_8859_1);
    BodyResult r = run(BodyProcessorType.URLENCODED, body);
    assertThat(r.args()).hasSize(1000);
    assertThat(r.error()).isTrue();
  }

  @Test
  void aTenMegabyteJsonStringIsOneValue() {
    String doc = "{\"a\":\"" + "x".repeat(TEN_MB) + "\"}";
    BodyResult r = run(BodyProcessorType.JSON, doc.getBytes(StandardCharsets.UTF_8));
    assertThat(r.error()).isFalse();
    assertThat(r.args().get(0).value()).hasSize(TEN_MB);
  }

  @Test
  void aTenMegabyteXmlTextIsOneValue() {
    String doc = "<r>" + "x".repeat(TEN_MB) + "</r>";
    BodyResult r = run(BodyProcessorType.XML, doc.getBytes(StandardCharsets.UTF_8));
    assertThat(r.error()).isFalse();
    assertThat(r.xmlTexts()).hasSize(1);
  }

  @Test
  void manyJsonKeysInAFlatArrayAreBoundedByTheArgumentsLimit() {
    String doc = "[" + "0,".repeat(TEN_MB / 2 - 1) + "0]";
    BodyResult r = run(BodyProcessorType.JSON, doc.getBytes(StandardCharsets.UTF_8));
    assertThat(r.args()).hasSize(1000);
    assertThat(r.argsLimitExceeded()).isTrue();
  }

  @Test
  void multipartWithALongBoundaryAndNearMissLinesStaysLinear() {
    String boundary = "a".repeat(990);
    String nearMiss = "--" + "a".repeat(989) + "b";
    StringBuilder sb = new StringBuilder("--").append(boundary)
        .append("\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n");
    while (sb.length() < TEN_MB) {
      sb.append(nearMiss).append(nearMiss).append("\r\n");
    }
    sb.append("--").append(boundary).append("--\r\n");
    byte[] body = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    BodyResult r = assertTimeoutPreemptively(BUDGET, () -> TestBodies.PROCESSORS.process(
        BodyProcessorType.MULTIPART, body, body.length, "multipart/form-data; boundary=" + boundary, 0));
    assertThat(r.args()).hasSize(1);
    assertThat(r.flag(MultipartFlag.UNMATCHED_BOUNDARY)).isEqualTo(1);
  }

  @Test
  void nullBodyOrNegativeLengthIsHarmless() {
    assertThat(TestBodies.PROCESSORS.process(BodyProcessorType.JSON, null, 5, null, 0).error()).isFalse();
    assertThat(TestBodies.PROCESSORS.process(BodyProcessorType.URLENCODED, new byte[3], -1, null, 0).args())
        .isEmpty();
  }
}
