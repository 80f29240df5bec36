package io.meshward.waf.xss;

/**
 * One token of the HTML5 tokenizer: its type and its text, a slice of the input (one char per byte).
 *
 * @param type what the text is
 * @param text the token text, without delimiters (no {@code <}, quotes or comment markers)
 */
record Html5Token(Type type, String text) {

  /** Token types, named as libinjection prints them in its {@code test-html5-*} expectations. */
  enum Type {
    DATA_TEXT,
    TAG_NAME_OPEN,
    TAG_NAME_CLOSE,
    TAG_NAME_SELFCLOSE,
    TAG_DATA,
    TAG_CLOSE,
    ATTR_NAME,
    ATTR_VALUE,
    TAG_COMMENT,
    DOCTYPE
  }

  /** The line format of libinjection's tokenizer tests: {@code TYPE,length,text}. */
  String describe() {
    return type + "," + text.length() + "," + text;
  }
}
