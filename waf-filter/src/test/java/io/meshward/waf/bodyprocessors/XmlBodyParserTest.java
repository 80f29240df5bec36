package io.meshward.waf.bodyprocessors;

import static io.meshward.waf.bodyprocessors.TestBodies.utf8;
import static io.meshward.waf.bodyprocessors.TestBodies.xml;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("XML bodies")
class XmlBodyParserTest {

  // --- texts and attributes ---

  final BodyResult doc = xml("""
      <?xml version="1.0" encoding="UTF-8"?>
      <root xmlns:p="urn:x" id="1">
        <a probe="&#10;POST / HTTP/1.1" p:b='two'>  first &amp; &lt;b&gt;  </a>
        <c><![CDATA[<script>]]> after</c>
        <!-- a comment -->
        <?pi data?>
        <d/>
      </root>
      """);

  @Test
  void textsAreTrimmedTextNodesWithEntitiesAndCdataDecoded() {
    assertThat(doc.xmlTexts()).containsExactly("first & <b>", "<script> after");
  }

  @Test
  void attributeValuesIncludeNamespaceDeclarationsAndCharacterReferences() {
    assertThat(doc.xmlAttributeValues()).containsExactly("urn:x", "1", "\nPOST / HTTP/1.1", "two");
  }

  @Test
  void contentIsTheRootTextConcatenatedUntrimmed() {
    assertThat(doc.xmlContent())
        .isEqualTo("\n    first & <b>  \n  <script> after\n  \n  \n  \n");
  }

  @Test
  void producesNoArgsAndNoError() {
    assertThat(doc.args()).isEmpty();
    assertThat(doc.error()).isFalse();
    assertThat(doc.processor()).isEqualTo(BodyProcessorType.XML);
  }

  @Test
  void nonAsciiTextBecomesUtf8Bytes() {
    BodyResult u = xml("<r a=\"\u00e9\">\u4e2d &#x1F600;</r>");
    assertThat(u.xmlTexts()).containsExactly(utf8("\u4e2d \uD83D\uDE00"));
    assertThat(u.xmlAttributeValues()).containsExactly("\u00c3\u00a9");
  }

  @Test
  void otherEncodingsAreDecodedFromTheDeclaration() {
    byte[] latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>caf\u00e9</r>"
        .getBytes(StandardCharsets.ISO_8859_1);
    BodyResult l = TestBodies.PROCESSORS.process(BodyProcessorType.XML, latin1, "text/xml");
    assertThat(l.xmlTexts()).containsExactly(utf8("caf\u00e9"));
  }

  // --- refused constructs ---

  @Test
  void aDoctypeIsRefused() {
    BodyResult r = xml("<?xml version=\"1.0\"?><!DOCTYPE r><r>x</r>");
    assertThat(r.error()).isTrue();
    assertThat(r.errorMessage()).isEqualTo("XML parsing error: DOCTYPE is not allowed");
    assertThat(r.xmlTexts()).isEmpty();
  }

  @Test
  void externalEntitiesAreNeverFetched() {
    BodyResult r = xml("""
        <?xml version="1.0"?>
        <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <r>&xxe;</r>
        """);
    assertThat(r.error()).isTrue();
    assertThat(r.xmlTexts()).isEmpty();
    assertThat(r.xmlContent()).doesNotContain("root:");
  }

  @Test
  void externalDtdsAreNeverFetched() {
    BodyResult r = xml("<!DOCTYPE r SYSTEM \"http://127.0.0.1:1/evil.dtd\"><r>x</r>");
    assertThat(r.errorMessage()).isEqualTo("XML parsing error: DOCTYPE is not allowed");
  }

  @Test
  void billionLaughsIsRefusedAtOnce() {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for (int i = 1; i < 10; i++) {
      sb.append("<!ENTITY lol").append(i).append(" \"");
      for (int j = 0; j < 10; j++) {
        sb.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
      }
      sb.append("\">");
    }
    sb.append("]><lolz>&lol9;</lolz>");
    long start = System.nanoTime();
    BodyResult r = xml(sb.toString());
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    assertThat(r.error()).isTrue();
    assertThat(r.xmlContent()).isEmpty();
  }

  @Test
  void undeclaredHtmlEntitiesAreErrors() {
    BodyResult r = xml("<r>a&nbsp;b</r>");
    assertThat(r.error()).isTrue();
    assertThat(r.errorMessage()).startsWith("XML parsing error: ").contains("nbsp");
  }

  // --- malformed documents and limits ---

  @Test
  void malformedXmlIsAnErrorAndKeepsWhatWasRead() {
    BodyResult r = xml("<r a=\"1\"><b>kept</b><c>broken</r>");
    assertThat(r.error()).isTrue();
    assertThat(r.errorMessage()).startsWith("XML parsing error: ").matches("[\\x20-\\x7e]+");
    assertThat(r.xmlTexts()).contains("kept");
    assertThat(r.xmlAttributeValues()).containsExactly("1");
  }

  @Test
  void unquotedAttributesAreErrors() {
    assertThat(xml("<r a=1/>").error()).isTrue();
  }

  @Test
  void notXmlAtAllIsAnError() {
    assertThat(xml("test").error()).isTrue();
  }

  @Test
  void anEmptyBodyIsNoError() {
    assertThat(xml("").error()).isFalse();
  }

  @Test
  void deepNestingStopsAtTheDepthLimit() {
    String doc = "<a>".repeat(100_000) + "</a>".repeat(100_000);
    BodyResult r = xml(doc);
    assertThat(r.errorMessage()).isEqualTo("XML parsing error: XML depth limit exceeded (1024)");
  }

  @Test
  void valuesStopAtTheLimit() {
    BodyProcessors p = new BodyProcessors(BodyLimits.DEFAULTS.withMaxXmlValues(3));
    BodyResult r = p.process(BodyProcessorType.XML,
        "<r a='1' b='2'><x>t1</x><x>t2</x></r>".getBytes(StandardCharsets.UTF_8), null);
    assertThat(r.errorMessage()).isEqualTo("XML parsing error: too many values (limit 3)");
    assertThat(r.xmlAttributeValues()).containsExactly("1", "2");
    assertThat(r.xmlTexts()).containsExactly("t1");
  }
}
