package io.meshward.waf.bodyprocessors;

import java.io.ByteArrayInputStream;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * XML bodies, read with the JDK's StAX parser in a locked-down configuration, for the XML collection.
 *
 * <p>Security: any DOCTYPE is refused (an error), so there are no DTDs, no entity declarations, no external entities
 * and no entity expansion (billion laughs, XXE); only the five predefined entities and character references are
 * decoded. External resolution is disabled as well, in case a DOCTYPE slipped through. Depth is bounded by the depth
 * limit and the number of texts plus attribute values by {@link BodyLimits#maxXmlValues()}. The StAX reader keeps its
 * element stack on the heap, so deep documents cannot overflow the Java stack.
 *
 * <p>Output: {@code xmlTexts} is XML:/* as Coraza builds it (each text node, CDATA merged with adjacent text,
 * trimmed, empty ones dropped); {@code xmlContent} is XML:/* as ModSecurity builds it (the root element's text
 * content: all its text concatenated untrimmed); {@code xmlAttributeValues} is XML://@* (every attribute value, with
 * {@code xmlns} declarations, as Coraza's decoder reports them). Parsing is namespace-unaware, so undeclared prefixes
 * are no error. Strings are UTF-8 bytes. XML does not produce ARGS (Coraza and ModSecurity do not either).
 *
 * <p>Errors (REQBODY_ERROR): malformed XML (well-formedness per the JDK parser, which is stricter than Coraza's
 * non-strict decoder: HTML entities such as {@code &nbsp;} and unquoted attributes are errors), a DOCTYPE, too deep,
 * too many values. What was collected before the error is kept.
 */
final class XmlBodyParser {
  static final String ERROR_PREFIX = "XML parsing error: ";

  private XmlBodyParser() {}

  /** A new locked-down factory (factories are cheap; one per parse avoids sharing reader state across threads). */
  static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setProperty(XMLInputFactory.IS_VALIDATING, false);
    // Errors become REQBODY_ERROR; the parser must not print them on stderr.
    f.setXMLReporter((message, errorType, relatedInformation, location) -> { });
    f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
      throw new XMLStreamException("external resource refused: " + systemId);
    });
    trySet(f, XMLConstants.ACCESS_EXTERNAL_DTD, "");
    trySet(f, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return f;
  }

  private static void trySet(XMLInputFactory f, String property, Object value) {
    try {
      f.setProperty(property, value);
    } catch (IllegalArgumentException e) {
      // not supported by this implementation: the DOCTYPE refusal below still applies
    }
  }

  private static final XMLInputFactory FACTORY = factory();

  /**
   * A reader over the body. A body that declares no other encoding is decoded here, strictly as UTF-8: the JDK's
   * parser would print malformed input on stderr (whatever reporter is set), and an attacker must not be able to
   * write to our logs. Null when such a body is not valid UTF-8.
   */
  private static XMLStreamReader reader(byte[] body, int length) throws javax.xml.stream.XMLStreamException {
    String prolog = new String(body, 0, Math.min(length, 200), java.nio.charset.StandardCharsets.ISO_8859_1)
        .toLowerCase(java.util.Locale.ROOT);
    int encoding = prolog.startsWith("<?xml") ? prolog.indexOf("encoding") : -1;
    boolean declaresOther = encoding > 0 && encoding < prolog.indexOf("?>")
        && !prolog.substring(encoding).matches("(?s)encoding\\s*=\\s*[\"']utf-?8[\"'].*");
    if (declaresOther) {
      return FACTORY.createXMLStreamReader(new ByteArrayInputStream(body, 0, length));
    }
    try {
      String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(body, 0, length))
          .toString();
      return FACTORY.createXMLStreamReader(new java.io.StringReader(text));
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  /** Parses {@code body[0, length)} into the XML fields of {@code out}. */
  static void parse(byte[] body, int length, BodyLimits limits, Budget budget, BodyResult.Builder out) {
    StringBuilder content = new StringBuilder();
    int values = 0;
    int depth = 0;
    XMLStreamReader r = null;
    try {
      r = reader(body, length);
      if (r == null) {
        out.fail(ERROR_PREFIX + "invalid UTF-8");
        return;
      }
      while (r.hasNext()) {
        int ev = r.next();
        switch (ev) {
          case XMLStreamConstants.DTD:
            out.fail(ERROR_PREFIX + "DOCTYPE is not allowed");
            return;
          case XMLStreamConstants.ENTITY_REFERENCE:
            out.fail(ERROR_PREFIX + "undeclared entity reference");
            return;
          case XMLStreamConstants.START_ELEMENT:
            depth++;
            if (depth > limits.maxDepth()) {
              out.fail(ERROR_PREFIX + "XML depth limit exceeded (" + limits.maxDepth() + ")");
              return;
            }
            for (int i = 0; i < r.getAttributeCount(); i++) {
              String v = ByteStrings.utf8(r.getAttributeValue(i));
              if (++values > limits.maxXmlValues()) {
                out.fail(ERROR_PREFIX + "too many values (limit " + limits.maxXmlValues() + ")");
                return;
              }
              if (!budget.takeBytes(v.length())) {
                out.fail(ERROR_PREFIX + "collected data limit exceeded (" + budget.maxBytes() + " bytes)");
                return;
              }
              out.xmlAttributeValues.add(v);
            }
            break;
          case XMLStreamConstants.END_ELEMENT:
            depth--;
            break;
          case XMLStreamConstants.CHARACTERS:
          case XMLStreamConstants.CDATA:
          case XMLStreamConstants.SPACE:
            if (depth == 0) {
              break; // whitespace around the root element
            }
            String text = r.getText();
            if (!budget.takeBytes(text.length())) {
              out.fail(ERROR_PREFIX + "collected data limit exceeded (" + budget.maxBytes() + " bytes)");
              return;
            }
            content.append(text);
            String trimmed = text.strip();
            if (!trimmed.isEmpty()) {
              if (++values > limits.maxXmlValues()) {
                out.fail(ERROR_PREFIX + "too many values (limit " + limits.maxXmlValues() + ")");
                return;
              }
              String v = ByteStrings.utf8(trimmed);
              if (!budget.takeBytes(v.length())) {
                out.fail(ERROR_PREFIX + "collected data limit exceeded (" + budget.maxBytes() + " bytes)");
                return;
              }
              out.xmlTexts.add(v);
            }
            break;
          default:
            break; // comments, processing instructions, document start/end
        }
      }
    } catch (XMLStreamException e) {
      out.fail(ERROR_PREFIX + ByteStrings.sanitize(e.getMessage(), 200));
    } catch (RuntimeException e) {
      // StAX implementations wrap some I/O and limit failures in runtime exceptions
      out.fail(ERROR_PREFIX + ByteStrings.sanitize(String.valueOf(e.getMessage()), 200));
    } finally {
      out.xmlContent = ByteStrings.utf8(content.toString());
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException e) {
          // nothing to release for a byte-array source
        }
      }
    }
  }
}
