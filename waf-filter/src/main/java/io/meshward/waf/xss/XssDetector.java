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
    // One tokenizer for the five passes of this call: the passes differ only in the start state.
    Html5Tokenizer tokenizer = new Html5Tokenizer(input);
    for (int i = 0; i < CONTEXTS.size(); i++) {
      String reason = firstDangerousToken(tokenizer.reset(CONTEXTS.get(i)), input);
      if (reason != null) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }

  /** The reason the first dangerous token of one tokenizer pass is dangerous, or {@code null}. */
  String firstDangerousToken(String input, Html5Context context) {
    return firstDangerousToken(Html5Tokenizer.of(input, context), input);
  }

  /**
   * Reads the tokens of one pass in place (type and bounds); text is copied out of the input only for the rare
   * tokens whose text decides (URL values, comments) and for the reason of a hit.
   */
  private String firstDangerousToken(Html5Tokenizer tokenizer, String input) {
    AttributeClass attribute = AttributeClass.NONE;
    int nameStart = 0;
    int nameEnd = 0;
    while (tokenizer.advance()) {
      int start = tokenizer.start();
      int end = tokenizer.end();
      switch (tokenizer.type()) {
        case DOCTYPE -> {
          return "doctype";
        }
        case TAG_NAME_OPEN -> {
          if (TagNames.isBlacklisted(input, start, end)) {
            return "tag:" + printable(input, start, end);
          }
        }
        case ATTR_NAME -> {
          attribute = AttributeClass.of(input, start, end, events);
          nameStart = start;
          nameEnd = end;
          continue; // the class applies to the value that follows
        }
        case ATTR_VALUE -> {
          if (attribute != AttributeClass.NONE
              && attribute.isDangerousValue(input.substring(start, end), events)) {
            return "attribute:" + printable(input, nameStart, nameEnd);
          }
        }
        case TAG_COMMENT -> {
          if (CommentRules.isDangerous(input.substring(start, end))) {
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
  private static String printable(String input, int from, int to) {
    StringBuilder out = new StringBuilder(Math.min(to - from, 32));
    for (int i = from; i < to && out.length() < 32; i++) {
      char c = input.charAt(i);
      if (c > 0x20 && c < 0x7F) {
        out.append(Ascii.toLower(c));
      }
    }
    return out.length() == 0 ? "?" : out.toString();
  }
}
