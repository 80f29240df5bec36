package io.meshward.waf.xss;

/**
 * One token of the HTML5 tokenizer: its type and its text, a slice of the input (one char per byte), without
 * delimiters (no {@code <}, quotes or comment markers). The slice is read in place: most tokens of benign text (every
 * word, in the contexts that start inside a tag) are classified and dropped without their text ever being copied.
 */
final class Html5Token implements CharSequence {
  private final Type type;
  private final String input;
  private final int start;
  private final int end;
  private String text;

  Html5Token(Type type, String input, int start, int end) {
    this.type = type;
    this.input = input;
    this.start = start;
    this.end = end;
  }

  Type type() {
    return type;
  }

  /** The token text, copied out of the input on first use. */
  String text() {
    if (text == null) {
      text = input.substring(start, end);
    }
    return text;
  }

  @Override
  public int length() {
    return end - start;
  }

  @Override
  public char charAt(int index) {
    return input.charAt(start + index);
  }

  @Override
  public CharSequence subSequence(int from, int to) {
    return text().subSequence(from, to);
  }

  @Override
  public String toString() {
    return text();
  }

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
    return type + "," + length() + "," + text();
  }
}
