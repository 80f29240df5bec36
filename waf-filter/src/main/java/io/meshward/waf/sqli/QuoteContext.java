package io.meshward.waf.sqli;

/**
 * Where the input is assumed to have been injected: bare, or inside a {@code '…'} or {@code "…"} literal. A quote
 * context makes the first token a string that starts at offset 0 and has no opening quote.
 */
enum QuoteContext {
  NONE((char) 0),
  SINGLE('\''),
  DOUBLE('"');

  private final char quote;

  QuoteContext(char quote) {
    this.quote = quote;
  }

  char quote() {
    return quote;
  }
}
