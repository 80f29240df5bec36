package io.meshward.waf.sqli;

/** The one-character token types; they are also the letters of a fingerprint. */
final class TokenType {
  static final char NONE = 0;
  static final char KEYWORD = 'k';
  static final char UNION = 'U';
  static final char GROUP = 'B';
  static final char EXPRESSION = 'E';
  static final char SQLTYPE = 't';
  static final char FUNCTION = 'f';
  static final char BAREWORD = 'n';
  static final char NUMBER = '1';
  static final char VARIABLE = 'v';
  static final char STRING = 's';
  static final char OPERATOR = 'o';
  static final char LOGIC_OPERATOR = '&';
  static final char COMMENT = 'c';
  static final char COLLATE = 'A';
  static final char LEFTPARENS = '(';
  static final char RIGHTPARENS = ')';
  static final char LEFTBRACE = '{';
  static final char RIGHTBRACE = '}';
  static final char DOT = '.';
  static final char COMMA = ',';
  static final char COLON = ':';
  static final char SEMICOLON = ';';
  static final char TSQL = 'T';
  static final char UNKNOWN = '?';
  static final char EVIL = 'X';
  static final char BACKSLASH = '\\';

  private TokenType() {}
}
