package io.meshward.waf.sqli;

/**
 * One fingerprinting pass over the input in one quote context and dialect: tokenize, fold, then derive the
 * fingerprint. Keeps what the blacklist and the false-positive rules look at afterwards.
 *
 * <p>Mutable working state of one detection call: {@link #run} starts a new pass and overwrites the previous one's
 * results, so the up to five passes of a call share one tokenizer, one folder and its tokens. The fingerprint is kept
 * as letters and as a packed code for the blacklist; its String is built only when asked for (a hit, or a test).
 */
final class SqliPass {
  private static final byte[] NO_INPUT = new byte[0];

  private final Tokenizer tokenizer;
  private final Folder folder;
  private final char[] letters = new char[Folder.MAX_TOKENS];
  private int length;
  private long packed;
  private String fingerprint;

  SqliPass(SqliData data) {
    this.tokenizer = new Tokenizer(data, NO_INPUT, QuoteContext.NONE, Dialect.ANSI);
    this.folder = new Folder(data, tokenizer);
  }

  /** A single pass with its own working state (tests and diagnostics). */
  static SqliPass run(SqliData data, byte[] input, QuoteContext quote, Dialect dialect) {
    return new SqliPass(data).run(input, quote, dialect);
  }

  /** Runs a pass; the results of this object's previous pass are gone. */
  SqliPass run(byte[] input, QuoteContext quote, Dialect dialect) {
    return run(input, quote, dialect, Tokenizer.QUOTE_UNKNOWN);
  }

  /** {@link #run(byte[], QuoteContext, Dialect)} knowing where the context's quote first occurs (-1: nowhere). */
  SqliPass run(byte[] input, QuoteContext quote, Dialect dialect, int firstQuoteAt) {
    tokenizer.reset(input, quote, dialect, firstQuoteAt);
    folder.reset(tokenizer);
    int count = folder.fold();
    Token[] tokens = folder.tokens();
    if (count > 2) {
      Token last = tokens[count - 1];
      // A trailing lone back-quote (an unclosed, empty `name`) works as a comment in PHP-built queries.
      if (last.type == TokenType.BAREWORD && last.strOpen == '`' && last.len == 0 && last.strClose == 0) {
        last.type = TokenType.COMMENT;
      }
    }
    fingerprint = null;
    length = count;
    packed = 0;
    for (int i = 0; i < count; i++) {
      char type = tokens[i].type;
      if (type == TokenType.EVIL) {
        makeEvil(tokens);
        return this;
      }
      letters[i] = type;
      packed = FingerprintSet.append(packed, type);
    }
    return this;
  }

  /** Any unparseable token makes the whole fingerprint {@code X}, with a single token to match. */
  private void makeEvil(Token[] tokens) {
    length = 1;
    letters[0] = TokenType.EVIL;
    packed = FingerprintSet.append(0, TokenType.EVIL);
    tokens[0].clear();
    tokens[0].assign(TokenType.EVIL, 0, "X");
    tokens[1].clear();
  }

  /** The fingerprint: the folded token types, {@code "X"} for evil input, empty when nothing was left to fold. */
  String fingerprint() {
    if (fingerprint == null) {
      fingerprint = new String(letters, 0, length);
    }
    return fingerprint;
  }

  /** The fingerprint's length (0 to {@value Folder#MAX_TOKENS}). */
  int length() {
    return length;
  }

  /** Letter {@code i} of the fingerprint. */
  char letter(int i) {
    return letters[i];
  }

  /** The fingerprint packed for {@link SqliData#isBlacklisted(long)}; 0 when empty. */
  long packedFingerprint() {
    return packed;
  }

  /** Whether the fingerprint is exactly {@code text} (case-sensitive, as the letters carry the type). */
  boolean fingerprintIs(String text) {
    if (text.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (letters[i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  Token token(int i) {
    return folder.tokens()[i];
  }

  /** Every token the tokenizer returned during this pass, comments and look-ahead included. */
  int tokenCount() {
    return tokenizer.tokenCount();
  }

  boolean sawMysqlComment() {
    return tokenizer.sawMysqlComment();
  }
}
