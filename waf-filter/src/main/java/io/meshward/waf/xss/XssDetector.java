package io.meshward.waf.xss;

import io.meshward.waf.operators.InjectionDetector;
import java.util.List;
import java.util.Optional;

/**
 * {@code @detectXSS}: a detector compatible with libinjection's {@code libinjection_xss()}, written from its
 * documented algorithm. The input is tokenized as HTML5 five times, as if injected into text, into a tag, and into a
 * single-, double- and back-quoted attribute value; it is XSS as soon as one pass meets a dangerous token: a
 * DOCTYPE, a blacklisted start tag, an event-handler/namespace/style attribute, a URL attribute with a script or data
 * scheme, or a comment that old browsers interpret.
 *
 * <p>Immutable and thread-safe; linear in the input length and free of recursion, so hostile inputs are harmless.
 */
public final class XssDetector implements InjectionDetector {
  /** The reference tries the contexts in this order; the first hit wins. */
  private static final List<Html5Context> CONTEXTS = List.of(Html5Context.values());

  private final EventNames events;

  private XssDetector(EventNames events) {
    this.events = events;
  }

  /** A detector with the bundled DOM event-name list (read once, here). */
  public static XssDetector create() {
    return new XssDetector(EventNames.load());
  }

  /**
   * @param input a byte string, one char per byte; chars above 0xFF are tolerated and never match anything
   * @return why the input is XSS (e.g. {@code "tag:script"}, {@code "attribute:onerror"}), empty when it is not
   */
  @Override
  public Optional<String> detect(String input) {
    if (input == null || input.isEmpty()) {
      return Optional.empty();
    }
    for (Html5Context context : CONTEXTS) {
      String reason = firstDangerousToken(input, context);
      if (reason != null) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }

  /** The reason the first dangerous token of one tokenizer pass is dangerous, or {@code null}. */
  String firstDangerousToken(String input, Html5Context context) {
    Html5Tokenizer tokenizer = Html5Tokenizer.of(input, context);
    AttributeClass attribute = AttributeClass.NONE;
    String attributeName = "";
    for (Html5Token token = tokenizer.next(); token != null; token = tokenizer.next()) {
      switch (token.type()) {
        case DOCTYPE -> {
          return "doctype";
        }
        case TAG_NAME_OPEN -> {
          if (TagNames.isBlacklisted(token)) {
            return "tag:" + printable(token.text());
          }
        }
        case ATTR_NAME -> {
          attribute = AttributeClass.of(token, events);
          attributeName = attribute == AttributeClass.NONE ? "" : token.text();
          continue; // the class applies to the value that follows
        }
        case ATTR_VALUE -> {
          if (attribute != AttributeClass.NONE && attribute.isDangerousValue(token.text(), events)) {
            return "attribute:" + printable(attributeName);
          }
        }
        case TAG_COMMENT -> {
          if (CommentRules.isDangerous(token.text())) {
            return "comment";
          }
        }
        default -> {
          // text, tag ends and end tags are harmless on their own
        }
      }
      attribute = AttributeClass.NONE;
    }
    return null;
  }

  /** A short, log-safe rendering of a name taken from the input. */
  private static String printable(String name) {
    StringBuilder out = new StringBuilder(Math.min(name.length(), 32));
    for (int i = 0; i < name.length() && out.length() < 32; i++) {
      char c = name.charAt(i);
      if (c > 0x20 && c < 0x7F) {
        out.append(Ascii.toLower(c));
      }
    }
    return out.length() == 0 ? "?" : out.toString();
  }
}
