package io.meshward.waf.xss;

import io.meshward.waf.operators.InjectionDetector;
import io.meshward.waf.xss.Html5Token.Type;
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
    if (input == null || input.isEmpty() || !canHoldDangerousToken(input)) {
      return Optional.empty();
    }
    // One tokenizer for the five passes of this call: the passes differ only in the start state.
    Html5Tokenizer tokenizer = new Html5Tokenizer(input);
    // The tag-context pass records where it emitted attribute names; the quoted-value passes that follow it stop
    // once they fall into step with it (see AttributeNameStarts for why nothing can be missed).
    AttributeNameStarts inTagNames = new AttributeNameStarts(input.length());
    for (int i = 0; i < CONTEXTS.size(); i++) {
      Html5Context context = CONTEXTS.get(i);
      String reason = context == Html5Context.VALUE_NO_QUOTE
          ? firstDangerousToken(tokenizer.reset(context), input, inTagNames, null)
          : firstDangerousToken(tokenizer.reset(context), input, null,
              context.ordinal() > Html5Context.VALUE_NO_QUOTE.ordinal() ? inTagNames : null);
      if (reason != null) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }

  /**
   * False when no pass can meet a dangerous token, which every pass can tell without tokenizing: tags, comments and
   * doctypes start at a {@code <}, and an attribute value is judged only by the name before it, which a {@code =}
   * must join to it (the value a quoted-value pass starts in follows no name). Most form fields, cookies and
   * JSON strings hold neither byte, and the five passes cost a hundred times these two searches.
   */
  static boolean canHoldDangerousToken(String input) {
    return input.indexOf('<') >= 0 || input.indexOf('=') >= 0;
  }

  /** The two bytes of {@link #canHoldDangerousToken}: rule screens skip values (and their decoding) without them. */
  @Override
  public long[] requiredBytes() {
    long[] bytes = new long[4];
    bytes['<' >>> 6] |= 1L << ('<' & 63);
    bytes['=' >>> 6] |= 1L << ('=' & 63);
    return bytes;
  }

  /** The reason the first dangerous token of one whole tokenizer pass is dangerous, or {@code null}. */
  String firstDangerousToken(String input, Html5Context context) {
    return firstDangerousToken(Html5Tokenizer.of(input, context), input, null, null);
  }

  /**
   * Reads the tokens of one pass in place (type and bounds); text is copied out of the input only for the rare
   * tokens whose text decides (URL values, comments) and for the reason of a hit.
   *
   * @param record where to note the attribute names this pass emits with the closing flag clear, or null
   * @param stopAt the names a pass without a hit emitted: reaching one of them ends this pass without a hit; or null
   */
  private String firstDangerousToken(Html5Tokenizer tokenizer, String input, AttributeNameStarts record,
      AttributeNameStarts stopAt) {
    AttributeClass attribute = AttributeClass.NONE;
    int nameStart = 0;
    int nameEnd = 0;
    while (tokenizer.advance()) {
      int start = tokenizer.start();
      int end = tokenizer.end();
      // Tested in order of frequency: in the contexts that start inside a tag, most tokens of text are names.
      Type type = tokenizer.type();
      if (type == Type.ATTR_NAME) {
        if (!tokenizer.closing()) {
          if (stopAt != null && stopAt.contains(start)) {
            return null;
          }
          if (record != null) {
            record.add(start);
          }
        }
        attribute = AttributeClass.of(input, start, end, events);
        nameStart = start;
        nameEnd = end;
        continue; // the class applies to the value that follows
      }
      if (type == Type.ATTR_VALUE) {
        if (attribute != AttributeClass.NONE && attribute.isDangerousValue(input.substring(start, end), events)) {
          return "attribute:" + printable(input, nameStart, nameEnd);
        }
      } else if (type == Type.TAG_NAME_OPEN) {
        if (TagNames.isBlacklisted(input, start, end)) {
          return "tag:" + printable(input, start, end);
        }
      } else if (type == Type.TAG_COMMENT) {
        if (CommentRules.isDangerous(input.substring(start, end))) {
          return "comment";
        }
      } else if (type == Type.DOCTYPE) {
        return "doctype";
      }
      // Text, tag ends and end tags are harmless on their own, and any token between a name and a value resets
      // the name's class.
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
