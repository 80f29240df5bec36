package io.meshward.waf.xss;

/**
 * Where in an HTML document the input is assumed to be injected; each one is a start state of the tokenizer.
 * libinjection tries all five, in this order, and reports the first one that yields a dangerous token.
 */
enum Html5Context {
  /** Normal text between tags. */
  DATA,
  /** Inside a tag, where an attribute name may start (e.g. after an unquoted value). */
  VALUE_NO_QUOTE,
  /** Inside a {@code '...'} attribute value. */
  VALUE_SINGLE_QUOTE,
  /** Inside a {@code "..."} attribute value. */
  VALUE_DOUBLE_QUOTE,
  /** Inside a {@code `...`} attribute value (old IE accepted back-quotes as quotes). */
  VALUE_BACK_QUOTE
}
