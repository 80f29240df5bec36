package io.meshward.waf.xss;

import io.meshward.waf.xss.Html5Token.Type;

/**
 * The simplified WHATWG HTML5 tokenizer of libinjection, reproduced with its quirks so that verdicts match the
 * reference: NUL is whitespace (except inside tag names), the "closing" flag survives some {@code >}s, comments also
 * end at {@code -!>}, {@code <%...%>} is an (old IE) comment and back-quotes quote attribute values.
 *
 * <p>{@link #advance()} moves to the next token and exposes it as {@link #type()}, {@link #start()} and
 * {@link #end()}, without allocating: the detector reads the token in place (in the contexts that start inside a tag
 * every word of a text is an attribute name). {@link #next()} wraps it in an {@link Html5Token} for tests. Every
 * state either emits a token or moves to another state while consuming input or without consuming it in a way that
 * cannot cycle, so a call is bounded by the input length and a whole pass is linear. Not thread-safe: one instance
 * per detection call, {@link #reset} for each pass.
 */
final class Html5Tokenizer {
  /**
   * The tokenizer states, as int constants rather than an enum: {@link #advance()} switches on the state for every
   * step, and an int switch is a plain jump table.
   */
  private static final class State {
    static final int EOF = 0;
    static final int DATA = 1;
    static final int TAG_OPEN = 2;
    static final int END_TAG_OPEN = 3;
    static final int TAG_NAME = 4;
    static final int TAG_NAME_CLOSE = 5;
    static final int SELF_CLOSING_START_TAG = 6;
    static final int BEFORE_ATTRIBUTE_NAME = 7;
    static final int ATTRIBUTE_NAME = 8;
    static final int AFTER_ATTRIBUTE_NAME = 9;
    static final int BEFORE_ATTRIBUTE_VALUE = 10;
    static final int ATTRIBUTE_VALUE_QUOTED = 11;
    static final int ATTRIBUTE_VALUE_UNQUOTED = 12;
    static final int AFTER_ATTRIBUTE_VALUE_QUOTED = 13;
    static final int MARKUP_DECLARATION_OPEN = 14;
    static final int COMMENT = 15;
    static final int BOGUS_COMMENT = 16;
    static final int PERCENT_COMMENT = 17;
    static final int DOCTYPE = 18;
    static final int CDATA = 19;

    private State() {}
  }

  private final String input;
  private final int length;
  private int pos;
  private int state;
  /** The quote that ends the current quoted attribute value. */
  private char quote;
  /** Set by {@code </}; decides whether a tag name ended by {@code >} is an end tag (see the class comment). */
  private boolean closing;
  /** The current token: valid after {@link #advance()} returned true. */
  private Type tokenType;
  private int tokenStart;
  private int tokenEnd;

  Html5Tokenizer(String input) {
    this.input = input;
    this.length = input.length();
    this.state = State.EOF;
  }

  static Html5Tokenizer of(String input, Html5Context context) {
    return new Html5Tokenizer(input).reset(context);
  }

  /** Starts a new pass over the same input, in the start state of {@code context}. */
  Html5Tokenizer reset(Html5Context context) {
    pos = 0;
    closing = false;
    tokenType = null;
    switch (context) {
      case DATA -> start(State.DATA, '\0');
      case VALUE_NO_QUOTE -> start(State.BEFORE_ATTRIBUTE_NAME, '\0');
      case VALUE_SINGLE_QUOTE -> start(State.ATTRIBUTE_VALUE_QUOTED, '\'');
      case VALUE_DOUBLE_QUOTE -> start(State.ATTRIBUTE_VALUE_QUOTED, '"');
      case VALUE_BACK_QUOTE -> start(State.ATTRIBUTE_VALUE_QUOTED, '`');
      default -> throw new IllegalArgumentException(String.valueOf(context));
    }
    return this;
  }

  private void start(int first, char quoteChar) {
    state = first;
    quote = quoteChar;
  }

  /** The next token as an object, or {@code null} at the end of the input (tests and diagnostics). */
  Html5Token next() {
    return advance() ? new Html5Token(tokenType, input, tokenStart, tokenEnd) : null;
  }

  /** The current token's type. */
  Type type() {
    return tokenType;
  }

  /** Where the current token's text starts in the input. */
  int start() {
    return tokenStart;
  }

  /**
   * Whether the closing flag (set by {@code </}) is up: with the position and state, it is all that decides the
   * tokens still to come.
   */
  boolean closing() {
    return closing;
  }

  /** Where the current token's text ends (exclusive). */
  int end() {
    return tokenEnd;
  }

  /** Moves to the next token; false at the end of the input. */
  boolean advance() {
    while (true) {
      boolean emitted = switch (state) {
        case State.EOF -> false;
        case State.DATA -> data();
        case State.TAG_OPEN -> tagOpen();
        case State.END_TAG_OPEN -> endTagOpen();
        case State.TAG_NAME -> tagName();
        case State.TAG_NAME_CLOSE -> tagNameClose();
        case State.SELF_CLOSING_START_TAG -> selfClosingStartTag();
        case State.BEFORE_ATTRIBUTE_NAME -> beforeAttributeName();
        case State.ATTRIBUTE_NAME -> attributeName();
        case State.AFTER_ATTRIBUTE_NAME -> afterAttributeName();
        case State.BEFORE_ATTRIBUTE_VALUE -> beforeAttributeValue();
        case State.ATTRIBUTE_VALUE_QUOTED -> attributeValueQuoted();
        case State.ATTRIBUTE_VALUE_UNQUOTED -> attributeValueUnquoted();
        case State.AFTER_ATTRIBUTE_VALUE_QUOTED -> afterAttributeValueQuoted();
        case State.MARKUP_DECLARATION_OPEN -> markupDeclarationOpen();
        case State.COMMENT -> comment();
        case State.BOGUS_COMMENT -> bogusComment();
        case State.PERCENT_COMMENT -> percentComment();
        case State.DOCTYPE -> doctype();
        case State.CDATA -> cdata();
        default -> throw new IllegalStateException("no tokenizer state " + state);
      };
      if (emitted || state == State.EOF) {
        return emitted;
      }
    }
  }

  /** HTML whitespace plus NUL: libinjection tests membership with {@code strchr}, which also finds the terminator. */
  static boolean isWhitespace(char c) {
    return c < 0x100 && WHITESPACE[c];
  }

  /** Whether {@code c} ends an attribute name: whitespace, {@code /}, {@code =} or {@code >}. */
  private static boolean endsAttributeName(char c) {
    return c < 0x100 && ATTRIBUTE_NAME_END[c];
  }

  // Tables, not chains of comparisons: the contexts that start inside a tag read every byte of benign text here.
  private static final boolean[] WHITESPACE = byteSet(" \t\n\u000B\f\r\0");
  private static final boolean[] ATTRIBUTE_NAME_END = byteSet(" \t\n\u000B\f\r\0/=>");

  private static boolean[] byteSet(String members) {
    boolean[] set = new boolean[0x100];
    for (int i = 0; i < members.length(); i++) {
      set[members.charAt(i)] = true;
    }
    return set;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private boolean emit(Type type, int start, int end, int then) {
    state = then;
    tokenType = type;
    tokenStart = start;
    tokenEnd = end;
    return true;
  }

  private boolean endOfInput() {
    state = State.EOF;
    return false;
  }

  private void skipWhitespace() {
    while (pos < length && isWhitespace(input.charAt(pos))) {
      pos++;
    }
  }

  private boolean data() {
    int start = pos;
    int lt = input.indexOf('<', pos);
    if (lt < 0) {
      pos = length;
      return start < length ? emit(Type.DATA_TEXT, start, length, State.EOF) : endOfInput();
    }
    pos = lt + 1;
    state = State.TAG_OPEN;
    return lt > start ? emit(Type.DATA_TEXT, start, lt, State.TAG_OPEN) : false;
  }

  private boolean tagOpen() {
    if (pos >= length) {
      return endOfInput();
    }
    char c = input.charAt(pos);
    switch (c) {
      case '!' -> {
        pos++;
        state = State.MARKUP_DECLARATION_OPEN;
      }
      case '/' -> {
        pos++;
        closing = true;
        state = State.END_TAG_OPEN;
      }
      case '?' -> {
        pos++;
        state = State.BOGUS_COMMENT;
      }
      case '%' -> {
        pos++;
        state = State.PERCENT_COMMENT;
      }
      default -> {
        if (isAsciiLetter(c) || c == '\0') {
          state = State.TAG_NAME;
        } else {
          // Not markup after all: the '<' is text, and what follows is scanned again as text.
          return emit(Type.DATA_TEXT, pos - 1, pos, State.DATA);
        }
      }
    }
    return false;
  }

  private boolean endTagOpen() {
    if (pos >= length) {
      return endOfInput();
    }
    char c = input.charAt(pos);
    if (c == '>') {
      // "</>" is dropped; the closing flag deliberately stays set, as in the reference.
      pos++;
      state = State.DATA;
    } else if (isAsciiLetter(c)) {
      state = State.TAG_NAME;
    } else {
      closing = false;
      state = State.BOGUS_COMMENT;
    }
    return false;
  }

  private boolean tagName() {
    int start = pos;
    for (int i = pos; i < length; i++) {
      char c = input.charAt(i);
      if (c == '\0') {
        continue; // kept in the name: browsers drop it, so "scr\0ipt" must still read as script
      }
      if (isWhitespace(c)) {
        pos = i + 1;
        return emit(Type.TAG_NAME_OPEN, start, i, State.BEFORE_ATTRIBUTE_NAME);
      }
      if (c == '/') {
        pos = i + 1;
        return emit(Type.TAG_NAME_OPEN, start, i, State.SELF_CLOSING_START_TAG);
      }
      if (c == '>') {
        if (closing) {
          closing = false;
          pos = i + 1;
          return emit(Type.TAG_CLOSE, start, i, State.DATA);
        }
        pos = i;
        return emit(Type.TAG_NAME_OPEN, start, i, State.TAG_NAME_CLOSE);
      }
    }
    pos = length;
    return emit(Type.TAG_NAME_OPEN, start, length, State.EOF);
  }

  /** Emits the {@code >} at {@code pos}; this path (and only this one) also clears the closing flag. */
  private boolean tagNameClose() {
    closing = false;
    pos++;
    return emit(Type.TAG_NAME_CLOSE, pos - 1, pos, State.DATA);
  }

  private boolean selfClosingStartTag() {
    if (pos >= length) {
      return endOfInput();
    }
    if (input.charAt(pos) == '>') {
      // Every way into this state has just consumed the '/', so the token text is the input's own "/>".
      pos++;
      return emit(Type.TAG_NAME_SELFCLOSE, pos - 2, pos, State.DATA);
    }
    state = State.BEFORE_ATTRIBUTE_NAME;
    return false;
  }

  private boolean beforeAttributeName() {
    skipWhitespace();
    if (pos >= length) {
      return endOfInput();
    }
    char c = input.charAt(pos);
    if (c == '/') {
      pos++;
      state = State.SELF_CLOSING_START_TAG;
    } else if (c == '>') {
      // Unlike tagNameClose(), leaves the closing flag alone (reference quirk).
      pos++;
      return emit(Type.TAG_NAME_CLOSE, pos - 1, pos, State.DATA);
    } else {
      state = State.ATTRIBUTE_NAME;
    }
    return false;
  }

  private boolean attributeName() {
    int start = pos;
    // The first byte belongs to the name whatever it is (even '=' or '/'), so this state always makes progress.
    for (int i = pos + 1; i < length; i++) {
      char c = input.charAt(i);
      if (!endsAttributeName(c)) {
        continue;
      }
      if (isWhitespace(c)) {
        pos = i + 1;
        return emit(Type.ATTR_NAME, start, i, State.AFTER_ATTRIBUTE_NAME);
      }
      if (c == '/') {
        pos = i + 1;
        return emit(Type.ATTR_NAME, start, i, State.SELF_CLOSING_START_TAG);
      }
      if (c == '=') {
        pos = i + 1;
        return emit(Type.ATTR_NAME, start, i, State.BEFORE_ATTRIBUTE_VALUE);
      }
      if (c == '>') {
        pos = i;
        return emit(Type.ATTR_NAME, start, i, State.TAG_NAME_CLOSE);
      }
    }
    pos = length;
    return emit(Type.ATTR_NAME, start, length, State.EOF);
  }

  private boolean afterAttributeName() {
    skipWhitespace();
    if (pos >= length) {
      return endOfInput();
    }
    char c = input.charAt(pos);
    if (c == '/') {
      pos++;
      state = State.SELF_CLOSING_START_TAG;
    } else if (c == '=') {
      pos++;
      state = State.BEFORE_ATTRIBUTE_VALUE;
    } else if (c == '>') {
      state = State.TAG_NAME_CLOSE;
    } else {
      state = State.ATTRIBUTE_NAME;
    }
    return false;
  }

  private boolean beforeAttributeValue() {
    skipWhitespace();
    if (pos >= length) {
      return endOfInput();
    }
    char c = input.charAt(pos);
    if (c == '"' || c == '\'' || c == '`') {
      quote = c;
      pos++;
      state = State.ATTRIBUTE_VALUE_QUOTED;
    } else {
      state = State.ATTRIBUTE_VALUE_UNQUOTED;
    }
    return false;
  }

  private boolean attributeValueQuoted() {
    int start = pos;
    int close = input.indexOf(quote, pos);
    if (close < 0) {
      pos = length;
      return emit(Type.ATTR_VALUE, start, length, State.EOF);
    }
    pos = close + 1;
    return emit(Type.ATTR_VALUE, start, close, State.AFTER_ATTRIBUTE_VALUE_QUOTED);
  }

  private boolean afterAttributeValueQuoted() {
    if (pos >= length) {
      return endOfInput();
    }
    char c = input.charAt(pos);
    if (isWhitespace(c)) {
      pos++;
      state = State.BEFORE_ATTRIBUTE_NAME;
    } else if (c == '/') {
      pos++;
      state = State.SELF_CLOSING_START_TAG;
    } else if (c == '>') {
      // Unlike tagNameClose(), leaves the closing flag alone (reference quirk).
      pos++;
      return emit(Type.TAG_NAME_CLOSE, pos - 1, pos, State.DATA);
    } else {
      state = State.BEFORE_ATTRIBUTE_NAME; // e.g. bar="yes"isdir: a new attribute without whitespace
    }
    return false;
  }

  private boolean attributeValueUnquoted() {
    int start = pos;
    for (int i = pos; i < length; i++) {
      char c = input.charAt(i);
      if (isWhitespace(c)) {
        pos = i + 1;
        return emit(Type.ATTR_VALUE, start, i, State.BEFORE_ATTRIBUTE_NAME);
      }
      if (c == '>') {
        pos = i;
        return emit(Type.ATTR_VALUE, start, i, State.TAG_NAME_CLOSE);
      }
    }
    pos = length;
    return emit(Type.ATTR_VALUE, start, length, State.EOF);
  }

  private boolean markupDeclarationOpen() {
    if (input.startsWith("--", pos)) {
      pos += 2;
      state = State.COMMENT;
    } else if (Ascii.startsWithIgnoreCase(input.substring(pos, Math.min(length, pos + 7)), "doctype")) {
      state = State.DOCTYPE;
    } else if (input.startsWith("[CDATA[", pos)) {
      pos += 7;
      state = State.CDATA;
    } else {
      state = State.BOGUS_COMMENT;
    }
    return false;
  }

  /** A comment ends at "-->" or "-!>", with NULs allowed between the dash and the second '-' or '!'. */
  private boolean comment() {
    int start = pos;
    int from = pos;
    while (true) {
      int dash = input.indexOf('-', from);
      if (dash < 0 || dash >= length - 2) {
        pos = length;
        return emit(Type.TAG_COMMENT, start, length, State.EOF);
      }
      int next = dash + 1;
      while (next < length && input.charAt(next) == '\0') {
        next++;
      }
      if (next + 1 < length) {
        char second = input.charAt(next);
        if ((second == '-' || second == '!') && input.charAt(next + 1) == '>') {
          pos = next + 2;
          return emit(Type.TAG_COMMENT, start, dash, State.DATA);
        }
      }
      from = dash + 1;
    }
  }

  private boolean bogusComment() {
    return untilDelimiter(Type.TAG_COMMENT, ">");
  }

  private boolean percentComment() {
    return untilDelimiter(Type.TAG_COMMENT, "%>");
  }

  /** Starts at the 'D' of DOCTYPE, which is part of the token text. */
  private boolean doctype() {
    return untilDelimiter(Type.DOCTYPE, ">");
  }

  private boolean cdata() {
    return untilDelimiter(Type.DATA_TEXT, "]]>");
  }

  /** A token up to {@code delimiter} (which is consumed, not emitted) or to the end of the input. */
  private boolean untilDelimiter(Type type, String delimiter) {
    int start = pos;
    int at = input.indexOf(delimiter, pos);
    if (at < 0) {
      pos = length;
      return emit(type, start, length, State.EOF);
    }
    pos = at + delimiter.length();
    return emit(type, start, at, State.DATA);
  }
}
