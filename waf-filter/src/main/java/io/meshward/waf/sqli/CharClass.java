package io.meshward.waf.sqli;

/**
 * The byte classes of libinjection's {@code charmap}: the class of the first byte of a token chooses how the
 * tokenizer reads it. Names match the {@code CHAR_*} strings of {@code sqlparse_data.json} so the data resource can
 * name them directly.
 */
enum CharClass {
  CHAR_BACK,
  CHAR_BANG,
  CHAR_BSTRING,
  CHAR_BWORD,
  CHAR_COMMA,
  CHAR_DASH,
  CHAR_ESTRING,
  CHAR_HASH,
  CHAR_LEFTBRACE,
  CHAR_LEFTPARENS,
  CHAR_MONEY,
  CHAR_NQSTRING,
  CHAR_NUM,
  CHAR_OP1,
  CHAR_OP2,
  CHAR_OTHER,
  CHAR_QSTRING,
  CHAR_RIGHTBRACE,
  CHAR_RIGHTPARENS,
  CHAR_SEMICOLON,
  CHAR_SLASH,
  CHAR_STR,
  CHAR_TICK,
  CHAR_UNARY,
  CHAR_USTRING,
  CHAR_VAR,
  CHAR_WHITE,
  CHAR_WORD,
  CHAR_XSTRING
}
