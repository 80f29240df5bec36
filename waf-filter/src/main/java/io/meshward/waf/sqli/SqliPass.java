package io.meshward.waf.sqli;

/**
 * One fingerprinting pass over the input in one quote context and dialect: tokenize, fold, then derive the
 * fingerprint. Keeps what the blacklist and the false-positive rules look at afterwards.
 */
final class SqliPass {
  private final String fingerprint;
  private final Token[] tokens;
  private final int tokenCount;
  private final boolean sawMysqlComment;

  private SqliPass(String fingerprint, Token[] tokens, int tokenCount, boolean sawMysqlComment) {
    this.fingerprint = fingerprint;
    this.tokens = tokens;
    this.tokenCount = tokenCount;
    this.sawMysqlComment = sawMysqlComment;
  }

  static SqliPass run(SqliData data, byte[] input, QuoteContext quote, Dialect dialect) {
    return run(new Folder(data), data, input, quote, dialect);
  }

  /**
   * A pass that folds with {@code folder}, reset first. The pass reads the folder's tokens: it is valid until the
   * folder's next reset.
   */
  static SqliPass run(Folder folder, SqliData data, byte[] input, QuoteContext quote, Dialect dialect) {
    Tokenizer tokenizer = new Tokenizer(data, input, quote, dialect);
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
    StringBuilder fp = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      fp.append(tokens[i].type);
    }
    String fingerprint = fp.toString();
    if (fingerprint.indexOf(TokenType.EVIL) >= 0) {
      fingerprint = "X";
      tokens[0].clear();
      tokens[0].assign(TokenType.EVIL, 0, "X");
      tokens[1].clear();
    }
    return new SqliPass(fingerprint, tokens, tokenizer.tokenCount(), tokenizer.sawMysqlComment());
  }

  /** The fingerprint: the folded token types, {@code "X"} for evil input, empty when nothing was left to fold. */
  String fingerprint() {
    return fingerprint;
  }

  Token token(int i) {
    return tokens[i];
  }

  /** Every token the tokenizer returned during this pass, comments and look-ahead included. */
  int tokenCount() {
    return tokenCount;
  }

  boolean sawMysqlComment() {
    return sawMysqlComment;
  }
}
