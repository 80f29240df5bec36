package io.meshward.waf.sqli;


/**
 * Splits a byte string into SQL tokens, one per {@link #next(Token)} call. One instance per pass (one quote context
 * and dialect); it keeps the pass statistics the later steps need.
 *
 * <p>Every scan moves forward over the input or over a bounded token value, so a pass is linear in the input length.
 */
final class Tokenizer {
  // The byte sets below all contain NUL: the C "span" helpers they model treat the terminator as a member.
  private static final boolean[] WORD_DELIMITERS = byteSet(" []{}<>:\\?=@!#~+-*/&|^%(),';\t\n\u000B\f\r\"\u00A0\0");
  private static final boolean[] VARIABLE_DELIMITERS = byteSet(" <>:\\?=@!#~+-*/&|^%(),';\t\n\u000B\f\r`\"\0");
  /** The narrow whitespace of the dash and number-suffix rules (not the charmap's CHAR_WHITE). */
  private static final boolean[] NARROW_WHITE = byteSet(" \t\n\u000B\f\r\u00A0\0");
  private static final boolean[] HEX_DIGITS = byteSet("0123456789ABCDEFabcdef\0");
  private static final boolean[] BINARY_DIGITS = byteSet("01\0");
  private static final boolean[] MONEY_CHARS = byteSet("0123456789.,\0");
  private static final boolean[] LETTERS = byteSet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\0");
  /** What a byte is to the word scan: part of the word, its end, or a {@code .}/{@code `} that may split it. */
  private static final byte[] WORD_SCAN = wordScanTable();
  private static final byte WORD_PART = 0;
  private static final byte WORD_END = 1;
  private static final byte WORD_SPLIT = 2;
  /** {@link #reset} was not told where the first quote is. */
  static final int QUOTE_UNKNOWN = -2;

  private final SqliData data;
  private byte[] s;
  private int length;
  private QuoteContext quote;
  private Dialect dialect;
  private int pos;
  private int tokenCount;
  private boolean sawMysqlComment;
  /** Where the context's quote first occurs (-1: nowhere), {@link #QUOTE_UNKNOWN} if not known in advance. */
  private int firstQuoteAt = QUOTE_UNKNOWN;

  Tokenizer(SqliData data, byte[] input, QuoteContext quote, Dialect dialect) {
    this.data = data;
    reset(input, quote, dialect);
  }

  /**
   * Starts a new pass over {@code input}: one detection runs up to five passes over the same input, and reusing the
   * tokenizer keeps a call down to one allocation of its working state.
   */
  Tokenizer reset(byte[] input, QuoteContext quote, Dialect dialect) {
    return reset(input, quote, dialect, QUOTE_UNKNOWN);
  }

  /**
   * {@link #reset(byte[], QuoteContext, Dialect)} when the caller already knows the index of the first byte equal
   * to the context's quote ({@code -1}: none): the implicit string that opens a quote context then ends without a
   * scan, often most of the input.
   */
  Tokenizer reset(byte[] input, QuoteContext quote, Dialect dialect, int firstQuoteAt) {
    this.firstQuoteAt = quote == QuoteContext.NONE ? QUOTE_UNKNOWN : firstQuoteAt;
    this.s = input;
    this.length = input.length;
    this.quote = quote;
    this.dialect = dialect;
    this.pos = 0;
    this.tokenCount = 0;
    this.sawMysqlComment = false;
    return this;
  }

  /** Tokens returned so far, comments and look-ahead included (the "not whitelist" step counts them). */
  int tokenCount() {
    return tokenCount;
  }

  /** Whether this pass saw a {@code #} or a {@code --x} comment, the trigger for a MySQL re-parse. */
  boolean sawMysqlComment() {
    return sawMysqlComment;
  }

  /** Reads the next token into {@code t}; false (and {@code t} cleared) at the end of the input. */
  boolean next(Token t) {
    // Every token-making path assigns all of t's fields; only a blank run leaves it alone, hence NONE first.
    t.type = TokenType.NONE;
    if (length != 0) {
      if (pos == 0 && quote != QuoteContext.NONE) {
        pos = string(t, 0, quote.quote(), 0);
        tokenCount++;
        return true;
      }
      while (pos < length) {
        // Blanks make no token: skipped here in a tight loop rather than one dispatch per byte.
        if (data.classOf(s[pos]) == CharClass.CHAR_WHITE) {
          pos++;
          continue;
        }
        pos = dispatch(t);
        if (t.type != TokenType.NONE) {
          tokenCount++;
          return true;
        }
      }
    }
    t.clear();
    return false;
  }

  private int dispatch(Token t) {
    return switch (data.classOf(s[pos])) {
      case CHAR_WHITE -> pos + 1;
      case CHAR_WORD -> word(t, pos);
      case CHAR_NUM -> number(t);
      case CHAR_STR -> string(t, pos, (char) (s[pos] & 0xFF), 1);
      case CHAR_TICK -> tick(t, pos);
      case CHAR_VAR -> variable(t);
      case CHAR_MONEY -> money(t);
      case CHAR_DASH -> dash(t);
      case CHAR_SLASH -> slash(t);
      case CHAR_HASH -> hash(t);
      case CHAR_BACK -> backslash(t);
      case CHAR_OP2, CHAR_BANG -> operator2(t);
      case CHAR_OP1, CHAR_UNARY -> operator1(t);
      case CHAR_LEFTPARENS, CHAR_RIGHTPARENS, CHAR_LEFTBRACE, CHAR_RIGHTBRACE, CHAR_COMMA, CHAR_SEMICOLON ->
          single(t, (char) (s[pos] & 0xFF));
      case CHAR_OTHER -> single(t, TokenType.UNKNOWN);
      case CHAR_BWORD -> bracketWord(t);
      case CHAR_ESTRING -> prefixedString(t);
      case CHAR_NQSTRING -> nationalString(t);
      case CHAR_QSTRING -> oracleString(t, pos);
      case CHAR_USTRING -> unicodeString(t);
      case CHAR_BSTRING -> bitString(t, BINARY_DIGITS);
      case CHAR_XSTRING -> bitString(t, HEX_DIGITS);
    };
  }

  private int single(Token t, char type) {
    t.assign(type, s, pos, 1);
    return pos + 1;
  }

  private int operator1(Token t) {
    return single(t, TokenType.OPERATOR);
  }

  private int operator2(Token t) {
    if (pos + 1 >= length) {
      return operator1(t);
    }
    if (pos + 2 < length && s[pos] == '<' && s[pos + 1] == '=' && s[pos + 2] == '>') {
      t.assign(TokenType.OPERATOR, s, pos, 3);
      return pos + 3;
    }
    char type = data.keywordType(s, pos, pos + 2);
    if (type != TokenType.NONE) {
      t.assign(type, s, pos, 2);
      return pos + 2;
    }
    return s[pos] == ':' ? single(t, TokenType.COLON) : operator1(t);
  }

  private int hash(Token t) {
    sawMysqlComment = true;
    return dialect == Dialect.MYSQL ? endOfLineComment(t) : operator1(t);
  }

  private int dash(Token t) {
    boolean dashDash = pos + 1 < length && s[pos + 1] == '-';
    if (dashDash && (pos + 2 == length || NARROW_WHITE[s[pos + 2] & 0xFF])) {
      return endOfLineComment(t);
    }
    if (dashDash) {
      sawMysqlComment = true;
      if (dialect == Dialect.ANSI) {
        return endOfLineComment(t);
      }
    }
    return operator1(t);
  }

  private int endOfLineComment(Token t) {
    int newline = indexOf((byte) '\n', pos);
    if (newline < 0) {
      t.assign(TokenType.COMMENT, s, pos, length - pos);
      return length;
    }
    t.assign(TokenType.COMMENT, s, pos, newline - pos);
    return newline + 1;
  }

  private int slash(Token t) {
    if (pos + 1 == length || s[pos + 1] != '*') {
      return operator1(t);
    }
    int end = indexOfPair((byte) '*', (byte) '/', pos + 2, length);
    int commentLength = end < 0 ? length - pos : end + 2 - pos;
    char type = TokenType.COMMENT;
    // A nested "/*" or a MySQL "/*!" conditional comment is something a benign input has no reason to contain.
    if (end >= 0 && indexOfPair((byte) '/', (byte) '*', pos + 2, end + 1) >= 0) {
      type = TokenType.EVIL;
    } else if (pos + 2 < length && s[pos + 2] == '!') {
      type = TokenType.EVIL;
    }
    t.assign(type, s, pos, commentLength);
    return pos + commentLength;
  }

  private int backslash(Token t) {
    if (pos + 1 < length && s[pos + 1] == 'N') {
      t.assign(TokenType.NUMBER, s, pos, 2);
      return pos + 2;
    }
    return single(t, TokenType.BACKSLASH);
  }

  private int bracketWord(Token t) {
    int close = indexOf((byte) ']', pos);
    int end = close < 0 ? length : close + 1;
    t.assign(TokenType.BAREWORD, s, pos, end - pos);
    return end;
  }

  /**
   * A quoted string starting at {@code start}; its content begins at {@code start + offset} (offset 0: the quote
   * context's implicit string, which has no opening quote).
   */
  private int string(Token t, int start, char delimiter, int offset) {
    int contentStart = start + offset;
    int search = contentStart;
    while (true) {
      int q = offset == 0 && search == 0 && firstQuoteAt != QUOTE_UNKNOWN
          ? firstQuoteAt
          : indexOf((byte) delimiter, search);
      if (q < 0) {
        t.assign(TokenType.STRING, s, contentStart, length - contentStart);
        t.strOpen = offset > 0 ? delimiter : 0;
        t.strClose = 0;
        return length;
      }
      if (oddBackslashesBefore(q, contentStart)) {
        search = q + 1;
      } else if (q + 1 < length && s[q + 1] == s[q]) {
        search = q + 2;
      } else {
        t.assign(TokenType.STRING, s, contentStart, q - contentStart);
        t.strOpen = offset > 0 ? delimiter : 0;
        t.strClose = delimiter;
        return q + 1;
      }
    }
  }

  private boolean oddBackslashesBefore(int q, int floor) {
    int count = 0;
    for (int i = q - 1; i >= floor && s[i] == '\\'; i--) {
      count++;
    }
    return (count & 1) == 1;
  }

  private int tick(Token t, int start) {
    int end = string(t, start, '`', 1);
    // Only the (truncated) stored value is looked up, without the word-length guard.
    t.type = data.keywordType(t.value()) == TokenType.FUNCTION ? TokenType.FUNCTION : TokenType.BAREWORD;
    return end;
  }

  private int variable(Token t) {
    int start = pos;
    int next = pos + 1;
    int count = 1;
    if (next < length && s[next] == '@') {
      next++;
      count = 2;
    }
    int end;
    if (next < length && s[next] == '`') {
      end = tick(t, next);
    } else if (next < length && (s[next] == '\'' || s[next] == '"')) {
      end = string(t, next, (char) s[next], 1);
    } else {
      int span = spanNot(VARIABLE_DELIMITERS, next);
      if (span == 0) {
        t.assign(TokenType.VARIABLE, s, start, 0);
      } else {
        t.assign(TokenType.VARIABLE, s, next, span);
      }
      end = next + span;
    }
    t.type = TokenType.VARIABLE;
    t.count = count;
    return end;
  }

  private int money(Token t) {
    if (pos + 1 == length) {
      t.assign(TokenType.BAREWORD, s, pos, 1);
      return length;
    }
    int digits = span(MONEY_CHARS, pos + 1);
    if (digits == 1 && s[pos + 1] == '.') {
      return word(t, pos);
    }
    if (digits > 0) {
      t.assign(TokenType.NUMBER, s, pos, 1 + digits);
      return pos + 1 + digits;
    }
    if (s[pos + 1] == '$') {
      int contentStart = pos + 2;
      int end = indexOfPair((byte) '$', (byte) '$', contentStart, length);
      return dollarString(t, contentStart, end, 2);
    }
    int tagLength = span(LETTERS, pos + 1);
    if (tagLength == 0 || pos + tagLength + 1 == length || s[pos + tagLength + 1] != '$') {
      t.assign(TokenType.BAREWORD, s, pos, 1);
      return pos + 1;
    }
    int contentStart = pos + tagLength + 2;
    int end = indexOf(s, pos, tagLength + 2, contentStart);
    return dollarString(t, contentStart, end, tagLength + 2);
  }

  /** A PostgreSQL {@code $$…$$} or {@code $tag$…$tag$} string whose closing tag is at {@code end} (or absent). */
  private int dollarString(Token t, int contentStart, int end, int tagLength) {
    if (end < 0) {
      t.assign(TokenType.STRING, s, contentStart, length - contentStart);
      t.strOpen = '$';
      t.strClose = 0;
      return length;
    }
    t.assign(TokenType.STRING, s, contentStart, end - contentStart);
    t.strOpen = '$';
    t.strClose = '$';
    return end + tagLength;
  }

  private int prefixedString(Token t) {
    if (pos + 2 >= length || s[pos + 1] != '\'') {
      return word(t, pos);
    }
    return string(t, pos, '\'', 2);
  }

  private int nationalString(Token t) {
    if (pos + 2 < length && s[pos + 1] == '\'') {
      return prefixedString(t);
    }
    return oracleString(t, pos + 1);
  }

  /** Oracle {@code q'X…X'}; {@code at} is where the {@code q} should be (after an {@code n} for {@code nq'…'}). */
  private int oracleString(Token t, int at) {
    if (at >= length || (s[at] != 'q' && s[at] != 'Q') || at + 2 >= length || s[at + 1] != '\'') {
      return word(t, pos);
    }
    byte open = s[at + 2];
    // Signed char in the original: every byte >= 0x80 is "below 33" too.
    if (open < 33) {
      return word(t, pos);
    }
    byte close = switch (open) {
      case '(' -> (byte) ')';
      case '[' -> (byte) ']';
      case '{' -> (byte) '}';
      case '<' -> (byte) '>';
      default -> open;
    };
    int contentStart = at + 3;
    int end = indexOfPair(close, (byte) '\'', contentStart, length);
    if (end < 0) {
      t.assign(TokenType.STRING, s, contentStart, length - contentStart);
      t.strOpen = 'q';
      t.strClose = 0;
      return length;
    }
    t.assign(TokenType.STRING, s, contentStart, end - contentStart);
    t.strOpen = 'q';
    t.strClose = 'q';
    return end + 2;
  }

  private int unicodeString(Token t) {
    if (pos + 2 < length && s[pos + 1] == '&' && s[pos + 2] == '\'') {
      int end = string(t, pos + 2, '\'', 1);
      t.strOpen = 'u';
      if (t.strClose == '\'') {
        t.strClose = 'u';
      }
      return end;
    }
    return word(t, pos);
  }

  /** {@code b'01…'} / {@code x'ab…'}: a number when well formed, otherwise a word. */
  private int bitString(Token t, boolean[] digits) {
    if (pos + 2 >= length || s[pos + 1] != '\'') {
      return word(t, pos);
    }
    int count = span(digits, pos + 2);
    if (pos + 2 + count >= length || s[pos + 2 + count] != '\'') {
      return word(t, pos);
    }
    t.assign(TokenType.NUMBER, s, pos, count + 3);
    return pos + count + 3;
  }

  private int word(Token t, int start) {
    // One scan finds the end of the word and the first '.' or '`' in it.
    int end = start;
    int firstSplit = -1;
    while (end < length) {
      byte kind = WORD_SCAN[s[end] & 0xFF];
      if (kind == WORD_END) {
        break;
      }
      if (kind == WORD_SPLIT && firstSplit < 0) {
        firstSplit = end;
      }
      end++;
    }
    int wordLength = end - start;
    t.assign(TokenType.BAREWORD, s, start, wordLength);
    // "SELECT.1" or "UNION`x`": a keyword prefix before '.' or '`' ends the word there (within the stored bytes).
    for (int i = firstSplit < 0 ? t.len : firstSplit - start; i < t.len; i++) {
      byte c = s[start + i];
      if (c == '.' || c == '`') {
        char type = data.keywordType(s, start, start + i);
        if (type != TokenType.NONE && type != TokenType.BAREWORD) {
          t.assign(type, s, start, i);
          return start + i;
        }
      }
    }
    if (wordLength <= Token.MAX_VALUE_LENGTH) {
      char type = data.keywordType(s, start, start + wordLength);
      t.type = type == TokenType.NONE ? TokenType.BAREWORD : type;
    }
    return start + wordLength;
  }

  private int number(Token t) {
    int start = pos;
    if (s[start] == '0' && start + 1 < length) {
      byte kind = s[start + 1];
      boolean[] digits = kind == 'x' || kind == 'X' ? HEX_DIGITS : kind == 'b' || kind == 'B' ? BINARY_DIGITS : null;
      if (digits != null) {
        int count = span(digits, start + 2);
        if (count == 0) {
          t.assign(TokenType.BAREWORD, s, start, 2);
          return start + 2;
        }
        t.assign(TokenType.NUMBER, s, start, 2 + count);
        return start + 2 + count;
      }
    }
    int p = skipDigits(start);
    if (p < length && s[p] == '.') {
      p = skipDigits(p + 1);
      if (p - start == 1) {
        t.assign(TokenType.DOT, s, start, 1);
        return p;
      }
    }
    boolean haveE = false;
    boolean haveExponent = false;
    if (p < length && (s[p] == 'e' || s[p] == 'E')) {
      haveE = true;
      p++;
      if (p < length && (s[p] == '+' || s[p] == '-')) {
        p++;
      }
      int digitsEnd = skipDigits(p);
      haveExponent = digitsEnd > p;
      p = digitsEnd;
    }
    if (p < length && (s[p] == 'd' || s[p] == 'D' || s[p] == 'f' || s[p] == 'F')) {
      // Oracle float/double suffix, taken only where a number can end ("1fUNION" reads as "1f UNION").
      if (p + 1 == length || NARROW_WHITE[s[p + 1] & 0xFF] || s[p + 1] == ';' || s[p + 1] == 'u' || s[p + 1] == 'U') {
        p++;
      }
    }
    t.assign(haveE && !haveExponent ? TokenType.BAREWORD : TokenType.NUMBER, s, start, p - start);
    return p;
  }

  private int skipDigits(int from) {
    int p = from;
    while (p < length && s[p] >= '0' && s[p] <= '9') {
      p++;
    }
    return p;
  }

  private int span(boolean[] accept, int from) {
    int p = from;
    while (p < length && accept[s[p] & 0xFF]) {
      p++;
    }
    return p - from;
  }

  private int spanNot(boolean[] reject, int from) {
    int p = from;
    while (p < length && !reject[s[p] & 0xFF]) {
      p++;
    }
    return p - from;
  }

  private int indexOf(byte b, int from) {
    for (int i = from; i < length; i++) {
      if (s[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** First {@code i} in [from, end - 1) with {@code s[i] == a && s[i + 1] == b}, or -1. */
  private int indexOfPair(byte a, byte b, int from, int end) {
    for (int i = from; i + 1 < end; i++) {
      if (s[i] == a && s[i + 1] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * First occurrence at or after {@code from} of the {@code n} bytes at {@code needleStart}, or -1. Knuth-Morris-Pratt,
   * because the needle (a {@code $tag$}) can be as long as the input and a naive search would be quadratic.
   */
  private static int indexOf(byte[] s, int needleStart, int n, int from) {
    int[] fallback = new int[n];
    for (int i = 1, k = 0; i < n; i++) {
      while (k > 0 && s[needleStart + i] != s[needleStart + k]) {
        k = fallback[k - 1];
      }
      if (s[needleStart + i] == s[needleStart + k]) {
        k++;
      }
      fallback[i] = k;
    }
    for (int i = from, k = 0; i < s.length; i++) {
      while (k > 0 && s[i] != s[needleStart + k]) {
        k = fallback[k - 1];
      }
      if (s[i] == s[needleStart + k]) {
        k++;
      }
      if (k == n) {
        return i - n + 1;
      }
    }
    return -1;
  }

  private static byte[] wordScanTable() {
    byte[] table = new byte[256];
    for (int b = 0; b < 256; b++) {
      table[b] = WORD_DELIMITERS[b] ? WORD_END : b == '.' || b == '`' ? WORD_SPLIT : WORD_PART;
    }
    return table;
  }

  private static boolean[] byteSet(String chars) {
    boolean[] set = new boolean[256];
    chars.chars().forEach(c -> set[c & 0xFF] = true);
    return set;
  }
}
