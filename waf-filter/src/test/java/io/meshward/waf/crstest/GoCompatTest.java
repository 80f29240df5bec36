package io.meshward.waf.crstest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GoCompatTest {
  @Test
  void canonicalisesHeaderNamesLikeGo() {
    assertThat(GoCompat.canonicalHeaderKey("content-type")).isEqualTo("Content-Type");
    assertThat(GoCompat.canonicalHeaderKey("X-CRS-TEST")).isEqualTo("X-Crs-Test");
    assertThat(GoCompat.canonicalHeaderKey("x_filename")).isEqualTo("X_filename");
    assertThat(GoCompat.canonicalHeaderKey("bad name")).as("not a token: unchanged").isEqualTo("bad name");
  }

  @Test
  void escapesAndUnescapesQueriesLikeGo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] in = "a b/c~-_.*\u00e9".getBytes(StandardCharsets.UTF_8);
    GoCompat.queryEscape(in, 0, in.length, out);
    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("a+b%2Fc~-_.%2A%C3%A9");
    assertThat(GoCompat.queryUnescape("a+b%2fc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("a b/c".getBytes(StandardCharsets.US_ASCII));
    assertThat(GoCompat.queryUnescape("%zz".getBytes(StandardCharsets.US_ASCII))).isNull();
    assertThat(GoCompat.queryUnescape("%4".getBytes(StandardCharsets.US_ASCII))).isNull();
  }

  @Test
  void decodesBase64LikeGosStdEncoding() {
    assertThat(GoCompat.base64Decode("aGVs\r\nbG8=")).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
    assertThat(GoCompat.base64Decode("aGk=")).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> GoCompat.base64Decode("aGk")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GoCompat.base64Decode("a Gk=")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sniffsContentTypesLikeGo() {
    assertThat(sniff("Hello World!")).isEqualTo("text/plain; charset=utf-8");
    assertThat(sniff("\n <!DOCTYPE html>")).isEqualTo("text/html; charset=utf-8");
    assertThat(sniff("<script>alert(1)</script>")).isEqualTo("text/html; charset=utf-8");
    assertThat(sniff("<p>x</p>")).isEqualTo("text/html; charset=utf-8");
    assertThat(sniff("<pre>x</pre>")).as("a tag must end right after the name").isEqualTo(
        "text/plain; charset=utf-8");
    assertThat(sniff("<?xml version=\"1.0\"?>")).isEqualTo("text/xml; charset=utf-8");
    assertThat(sniff("%PDF-1.4")).isEqualTo("application/pdf");
    assertThat(sniff("GIF89a....")).isEqualTo("image/gif");
    assertThat(sniff("{\"json\": true}")).isEqualTo("text/plain; charset=utf-8");
    assertThat(GoCompat.detectContentType(new byte[] {0x1f, (byte) 0x8b, 8, 0})).isEqualTo("application/x-gzip");
    assertThat(GoCompat.detectContentType(new byte[] {'a', 0, 'b'})).isEqualTo("application/octet-stream");
  }

  private static String sniff(String text) {
    return GoCompat.detectContentType(text.getBytes(StandardCharsets.UTF_8));
  }
}
