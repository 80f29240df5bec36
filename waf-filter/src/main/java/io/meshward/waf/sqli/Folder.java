package io.meshward.waf.sqli;

import static io.meshward.waf.sqli.TokenType.BACKSLASH;
import static io.meshward.waf.sqli.TokenType.BAREWORD;
import static io.meshward.waf.sqli.TokenType.COLLATE;
import static io.meshward.waf.sqli.TokenType.COMMA;
import static io.meshward.waf.sqli.TokenType.COMMENT;
import static io.meshward.waf.sqli.TokenType.DOT;
import static io.meshward.waf.sqli.TokenType.EVIL;
import static io.meshward.waf.sqli.TokenType.EXPRESSION;
import static io.meshward.waf.sqli.TokenType.FUNCTION;
import static io.meshward.waf.sqli.TokenType.GROUP;
import static io.meshward.waf.sqli.TokenType.KEYWORD;
import static io.meshward.waf.sqli.TokenType.LEFTBRACE;
import static io.meshward.waf.sqli.TokenType.LEFTPARENS;
import static io.meshward.waf.sqli.TokenType.LOGIC_OPERATOR;
import static io.meshward.waf.sqli.TokenType.NUMBER;
import static io.meshward.waf.sqli.TokenType.OPERATOR;
import static io.meshward.waf.sqli.TokenType.RIGHTBRACE;
import static io.meshward.waf.sqli.TokenType.RIGHTPARENS;
import static io.meshward.waf.sqli.TokenType.SEMICOLON;
import static io.meshward.waf.sqli.TokenType.SQLTYPE;
import static io.meshward.waf.sqli.TokenType.STRING;
import static io.meshward.waf.sqli.TokenType.TSQL;
import static io.meshward.waf.sqli.TokenType.UNION;
import static io.meshward.waf.sqli.TokenType.VARIABLE;

/**
 * Folds a token stream into at most {@value #MAX_TOKENS} tokens by collapsing SQL fragments that mean the same thing
 * ({@code 1+1} is a number, {@code UNION ALL} one keyword, …). It holds at most {@value #MAX_TOKENS} tokens plus a
 * look-ahead, so its memory is constant; every rule either consumes a token or changes a type once, so its work is
 * linear in the number of tokens.
 */
final class Folder {
  static final int MAX_TOKENS = 5;

  /** Names that are functions when a {@code (} follows; compared in place, ASCII case ignored. */
  private static final String[] FUNCTION_WHEN_CALLED = {"USER_ID", "USER_NAME", "DATABASE", "PASSWORD", "USER",
      "CURRENT_USER", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP"};

  // The type sets the rules test, as tables indexed by the type letter (all ASCII): a rule test is one array read
  // instead of a loop over a list of types. Filled here and never written again.
  private static final boolean[] WORD_LIKE = typeSet(KEYWORD, BAREWORD, OPERATOR, UNION, FUNCTION, EXPRESSION, TSQL,
      SQLTYPE);
  private static final boolean[] WORD_LIKE_OR_LOGIC = typeSet(KEYWORD, BAREWORD, OPERATOR, UNION, FUNCTION,
      EXPRESSION, TSQL, SQLTYPE, LOGIC_OPERATOR);
  private static final boolean[] AFTER_SQLTYPE_DROPPED = typeSet(BAREWORD, NUMBER, SQLTYPE, LEFTPARENS, FUNCTION,
      VARIABLE, STRING);
  private static final boolean[] VARIABLE_NUMBER_BAREWORD = typeSet(VARIABLE, NUMBER, BAREWORD);
  private static final boolean[] BAREWORD_NUMBER = typeSet(BAREWORD, NUMBER);
  private static final boolean[] VALUE_LIKE = typeSet(BAREWORD, NUMBER, VARIABLE, STRING);
  private static final boolean[] EXPRESSION_GROUP_COMMA = typeSet(EXPRESSION, GROUP, COMMA);
  private static final boolean[] KEYWORD_EXPRESSION_GROUP = typeSet(KEYWORD, EXPRESSION, GROUP);
  private static final boolean[] VALUE_LIKE_OR_FUNCTION = typeSet(NUMBER, BAREWORD, VARIABLE, STRING, FUNCTION);

  private final SqliData data;
  private Tokenizer tokenizer;
  /**
   * The working tokens; slot {@value #MAX_TOKENS} takes the look-ahead. No rule reads or writes past it, and every
   * call allocates these anew, so there is no slack.
   */
  private final Token[] tokens = new Token[MAX_TOKENS + 1];
  private final Token lastComment = new Token();
  private boolean more = true;

  Folder(SqliData data, Tokenizer tokenizer) {
    this(data);
    this.tokenizer = tokenizer;
  }

  /** A folder to {@link #reset(Tokenizer)} for each pass of one detection: its tokens are allocated once. */
  Folder(SqliData data) {
    this.data = data;
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = new Token();
    }
  }

  /**
   * Starts over on another pass's token stream; the previous pass's tokens are gone. The working tokens need no
   * clearing: a slot is only read after this pass's tokenizer has written it.
   */
  Folder reset(Tokenizer next) {
    tokenizer = next;
    more = true;
    lastComment.clear();
    return this;
  }

  /** The folded tokens; valid up to the count {@link #fold()} returned. */
  Token[] tokens() {
    return tokens;
  }

  /** Folds the whole input and returns the number of folded tokens (0 to {@value #MAX_TOKENS}). */
  int fold() {
    if (!skipLeadingNoise()) {
      return 0;
    }
    int pos = 1;
    int left = 0;
    while (true) {
      if (pos >= MAX_TOKENS && collapsesToFirst()) {
        if (pos > MAX_TOKENS) {
          tokens[1].copyFrom(tokens[MAX_TOKENS]);
          pos = 2;
        } else {
          pos = 1;
        }
        left = 0;
      }
      if (!more || left >= MAX_TOKENS) {
        left = pos;
        break;
      }
      pos = readUntilPending(pos, left, 2);
      if (pos - left < 2) {
        left = pos;
        continue;
      }

      Token a = tokens[left];
      Token b = tokens[left + 1];
      if (a.type == STRING && b.type == STRING) {
        pos -= 1;
        continue;
      } else if (a.type == SEMICOLON && b.type == SEMICOLON) {
        pos -= 1;
        continue;
      } else if ((a.type == OPERATOR || a.type == LOGIC_OPERATOR) && (b.isUnaryOperator() || b.type == SQLTYPE)) {
        pos -= 1;
        left = 0;
        continue;
      } else if (a.type == LEFTPARENS && b.isUnaryOperator()) {
        pos -= 1;
        left = Math.max(0, left - 1);
        continue;
      } else if (mergeWords(a, b)) {
        pos -= 1;
        left = Math.max(0, left - 1);
        continue;
      } else if (a.type == SEMICOLON && b.type == FUNCTION && b.len >= 2
          && (b.charAt(0) == 'I' || b.charAt(0) == 'i')
          && (b.charAt(1) == 'F' || b.charAt(1) == 'f')) {
        b.type = TSQL;
        continue;
      } else if ((a.type == BAREWORD || a.type == VARIABLE) && b.type == LEFTPARENS && isFunctionWhenCalled(a)) {
        a.type = FUNCTION;
        continue;
      } else if (a.type == KEYWORD && (a.valueIs("IN") || a.valueIs("NOT IN"))) {
        a.type = b.type == LEFTPARENS ? OPERATOR : BAREWORD;
        continue;
      } else if (a.type == OPERATOR && (a.valueIs("LIKE") || a.valueIs("NOT LIKE"))) {
        if (b.type == LEFTPARENS) {
          a.type = FUNCTION;
        }
      } else if (a.type == SQLTYPE && AFTER_SQLTYPE_DROPPED[b.type]) {
        a.copyFrom(b);
        pos -= 1;
        left = 0;
        continue;
      } else if (a.type == COLLATE && b.type == BAREWORD) {
        if (b.valueContains('_')) {
          b.type = SQLTYPE;
          left = 0;
        }
      } else if (a.type == BACKSLASH) {
        if (b.isArithmeticOperator()) {
          a.type = NUMBER;
        } else {
          a.copyFrom(b);
          pos -= 1;
        }
        left = 0;
        continue;
      } else if ((a.type == LEFTPARENS && b.type == LEFTPARENS) || (a.type == RIGHTPARENS && b.type == RIGHTPARENS)) {
        pos -= 1;
        left = 0;
        continue;
      } else if (a.type == LEFTBRACE && b.type == BAREWORD) {
        if (b.len == 0) {
          // "{`" (an empty back-quoted name after an ODBC brace): unparseable, end here.
          b.type = EVIL;
          return left + 2;
        }
        // ODBC/MySQL "{name expr}" means expr.
        left = 0;
        pos -= 2;
        continue;
      } else if (b.type == RIGHTBRACE) {
        pos -= 1;
        left = 0;
        continue;
      }

      pos = readUntilPending(pos, left, 3);
      if (pos - left < 3) {
        left = pos;
        continue;
      }
      a = tokens[left];
      b = tokens[left + 1];
      Token c = tokens[left + 2];
      if (a.type == NUMBER && b.type == OPERATOR && c.type == NUMBER
          || a.type == OPERATOR && b.type != LEFTPARENS && c.type == OPERATOR
          || a.type == LOGIC_OPERATOR && c.type == LOGIC_OPERATOR
          || a.type == VARIABLE && b.type == OPERATOR && VARIABLE_NUMBER_BAREWORD[c.type]
          || BAREWORD_NUMBER[a.type] && b.type == OPERATOR && BAREWORD_NUMBER[c.type]
          || VALUE_LIKE[a.type] && b.type == OPERATOR && b.len == 2
              && b.charAt(0) == ':' && b.charAt(1) == ':' && c.type == SQLTYPE
          || VALUE_LIKE[a.type] && b.type == COMMA && VALUE_LIKE[c.type]
          || a.type == BAREWORD && b.type == DOT && c.type == BAREWORD) {
        pos -= 2;
        left = 0;
        continue;
      } else if (EXPRESSION_GROUP_COMMA[a.type] && b.isUnaryOperator() && c.type == LEFTPARENS
          || KEYWORD_EXPRESSION_GROUP[a.type] && b.isUnaryOperator() && VALUE_LIKE_OR_FUNCTION[c.type]) {
        b.copyFrom(c);
        pos -= 1;
        left = 0;
        continue;
      } else if (a.type == COMMA && b.isUnaryOperator() && VALUE_LIKE[c.type]) {
        pos -= 3;
        left = 0;
        continue;
      } else if (a.type == COMMA && b.isUnaryOperator() && c.type == FUNCTION
          || a.type == EXPRESSION && b.type == DOT && c.type == BAREWORD) {
        b.copyFrom(c);
        pos -= 1;
        left = 0;
        continue;
      } else if (a.type == FUNCTION && b.type == LEFTPARENS && c.type != RIGHTPARENS && a.valueIs("USER")) {
        // "USER(" is the function; "USER" followed by anything else is a name.
        a.type = BAREWORD;
      }
      left += 1;
    }

    if (left < MAX_TOKENS && lastComment.type == COMMENT) {
      tokens[left].copyFrom(lastComment);
      left += 1;
    }
    return Math.min(left, MAX_TOKENS);
  }

  /** Drops leading comments, {@code (}, SQL types and unary operators; false when nothing else is left. */
  private boolean skipLeadingNoise() {
    Token first = tokens[0];
    while (more) {
      more = tokenizer.next(first);
      if (!(first.type == COMMENT || first.type == LEFTPARENS || first.type == SQLTYPE || first.isUnaryOperator())) {
        break;
      }
    }
    return more;
  }

  /** Reads tokens until {@code want} are pending after {@code left}; comments are remembered, never stored. */
  private int readUntilPending(int pos, int left, int want) {
    while (more && pos <= MAX_TOKENS && pos - left < want) {
      Token current = tokens[pos];
      more = tokenizer.next(current);
      if (more) {
        if (current.type == COMMENT) {
          lastComment.copyFrom(current);
        } else {
          lastComment.type = TokenType.NONE;
          pos += 1;
        }
      }
    }
    return pos;
  }

  /** The five-token shapes that stand for their first token: {@code 1,(1)}, {@code n o (n)}, … */
  private boolean collapsesToFirst() {
    char t0 = tokens[0].type;
    char t1 = tokens[1].type;
    char t2 = tokens[2].type;
    char t3 = tokens[3].type;
    char t4 = tokens[4].type;
    return t0 == NUMBER && (t1 == OPERATOR || t1 == COMMA) && t2 == LEFTPARENS && t3 == NUMBER && t4 == RIGHTPARENS
        || t0 == BAREWORD && t1 == OPERATOR && t2 == LEFTPARENS && (t3 == BAREWORD || t3 == NUMBER)
            && t4 == RIGHTPARENS
        || t0 == NUMBER && t1 == RIGHTPARENS && t2 == COMMA && t3 == LEFTPARENS && t4 == NUMBER
        || t0 == BAREWORD && t1 == RIGHTPARENS && t2 == OPERATOR && t3 == LEFTPARENS && t4 == BAREWORD;
  }

  /** Two words forming a known phrase ({@code UNION ALL}, {@code GROUP BY}, {@code NOT IN}) become one. */
  private boolean mergeWords(Token a, Token b) {
    if (!WORD_LIKE[a.type] || !WORD_LIKE_OR_LOGIC[b.type]) {
      return false;
    }
    if (a.len + b.len + 1 > Token.MAX_VALUE_LENGTH) {
      return false;
    }
    char type = data.phraseType(a, b);
    if (type == TokenType.NONE) {
      return false;
    }
    a.assign(type, a.pos, a.value() + ' ' + b.value());
    return true;
  }

  private static boolean isFunctionWhenCalled(Token name) {
    for (String function : FUNCTION_WHEN_CALLED) {
      if (name.valueIs(function)) {
        return true;
      }
    }
    return false;
  }

  /** A set of token types as a table indexed by the type letter. */
  private static boolean[] typeSet(char... types) {
    boolean[] set = new boolean[0x80];
    for (char t : types) {
      set[t] = true;
    }
    return set;
  }
}
