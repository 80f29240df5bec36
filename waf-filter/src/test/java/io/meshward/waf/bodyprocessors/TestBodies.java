package io.meshward.waf.bodyprocessors;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Helpers shared by the body processor tests. */
final class TestBodies {
  static final BodyProcessors PROCESSORS = BodyProcessors.withDefaults();

  private TestBodies() {}

  /** The bytes of a byte string (one char per byte). */
  static byte[] bytes(String byteString) {
    return byteString.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A text with LF line ends turned into CRLF, as browsers send multipart bodies. */
  static String crlf(String text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n");
  }

  static BodyResult multipart(String contentType, String body) {
    return PROCESSORS.process(BodyProcessorType.MULTIPART, bytes(body), contentType);
  }

  static BodyResult multipart(String body) {
    return multipart("multipart/form-data; boundary=XyZ", body);
  }

  static BodyResult json(String utf8Body) {
    return PROCESSORS.process(BodyProcessorType.JSON, utf8Body.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  static BodyResult xml(String utf8Body) {
    return PROCESSORS.process(BodyProcessorType.XML, utf8Body.getBytes(StandardCharsets.UTF_8), "text/xml");
  }

  static BodyResult urlencoded(String body) {
    return PROCESSORS.process(
        BodyProcessorType.URLENCODED, bytes(body), "application/x-www-form-urlencoded");
  }

  /** "name=value" strings, for compact assertions on ordered pairs. */
  static List<String> pairs(List<NamedValue> values) {
    return values.stream().map(v -> v.name() + "=" + v.value()).collect(Collectors.toList());
  }

  /** The UTF-8 bytes of a Unicode string, as a byte string. */
  static String utf8(String unicode) {
    return new String(unicode.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }
}
