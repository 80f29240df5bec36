package io.meshward.waf.sqli;

import io.meshward.waf.operators.InjectionDetector;
import java.util.Optional;

/**
 * A SQL-injection detector compatible with libinjection's {@code libinjection_sqli()}: the same verdict and the same
 * fingerprint (e.g. {@code "s&sos"}) for every input. Written from the algorithm's description; the tables come from
 * libinjection's data (BSD-3-Clause).
 *
 * <p>Immutable and thread-safe: all state of a call lives in per-call objects. Linear in the input length, no
 * recursion, and no exception for any input.
 */
public final class SqliDetector implements InjectionDetector {
  private static final class DefaultData {
    static final SqliData DATA = SqliData.loadDefault();
  }

  private final SqliData data;

  SqliDetector(SqliData data) {
    this.data = data;
  }

  /** A detector over the bundled libinjection tables (loaded once per JVM). */
  public static SqliDetector create() {
    return new SqliDetector(DefaultData.DATA);
  }

  /**
   * @param input a byte string, one char per byte; a char above 0xFF (not a byte) is read as 0xFF, a word byte
   * @return the fingerprint of the first matching context when the input is SQLi, empty otherwise
   */
  @Override
  public Optional<String> detect(String input) {
    if (input == null || data.loneTokenIsNeverSqli() && isOneToken(input)) {
      return Optional.empty();
    }
    // Where the quotes first occur decides which quote contexts run, and is where their opening string ends unless
    // escaped; String.indexOf finds them with the JDK's vectorized search. A char above 0xFF is no quote, as its
    // byte (0xFF) is none.
    return Optional.ofNullable(fingerprintIfSqli(bytes(input), input.indexOf('\''), input.indexOf('"')));
  }

  /**
   * Whether every pass reads {@code input} as exactly one token: a run of digits (one number), or a letter or
   * {@code _} followed by letters, digits and {@code _} (one word: the letters that start quoted-string forms such as
   * {@code b'..'} or {@code N'..'} read a word when no quote follows). Without a quote only the ANSI pass runs, and
   * without a comment there is no MySQL pass; its fingerprint is that token's type alone (see
   * {@link SqliData#loneTokenIsNeverSqli}). Most form fields, names and cookie values are such inputs.
   */
  static boolean isOneToken(String input) {
    int n = input.length();
    if (n == 0) {
      return false;
    }
    char first = input.charAt(0);
    boolean number = first >= '0' && first <= '9';
    if (!number && !isWordStart(first)) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = input.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      if (number ? !digit : !digit && !isWordStart(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWordStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }

  /** {@link #detect(String)} over raw bytes; {@code null} when not SQLi. */
  String fingerprintIfSqli(byte[] input) {
    return fingerprintIfSqli(input, indexOf(input, (byte) '\''), indexOf(input, (byte) '"'));
  }

  /** {@link #fingerprintIfSqli(byte[])} when the caller already knows where the quotes first occur (-1: nowhere). */
  private String fingerprintIfSqli(byte[] input, int firstSingleQuote, int firstDoubleQuote) {
    if (input.length == 0) {
      return null;
    }
    // The contexts in libinjection's order; the first confirmed hit wins. One working state serves every pass
    // (each pass is judged before the next one overwrites it), so a call allocates it once.
    SqliPass pass = new SqliPass(data);
    if (isSqli(pass.run(input, QuoteContext.NONE, Dialect.ANSI), input)) {
      return pass.fingerprint();
    }
    if (pass.sawMysqlComment() && isSqli(pass.run(input, QuoteContext.NONE, Dialect.MYSQL), input)) {
      return pass.fingerprint();
    }
    if (firstSingleQuote >= 0) {
      if (isSqli(pass.run(input, QuoteContext.SINGLE, Dialect.ANSI, firstSingleQuote), input)) {
        return pass.fingerprint();
      }
      if (pass.sawMysqlComment()
          && isSqli(pass.run(input, QuoteContext.SINGLE, Dialect.MYSQL, firstSingleQuote), input)) {
        return pass.fingerprint();
      }
    }
    if (firstDoubleQuote >= 0 && isSqli(pass.run(input, QuoteContext.DOUBLE, Dialect.MYSQL, firstDoubleQuote), input)) {
      return pass.fingerprint();
    }
    return null;
  }

  /** One context's pass (for tests and diagnostics): its fingerprint whether or not it is SQLi. */
  SqliPass pass(byte[] input, QuoteContext quote, Dialect dialect) {
    return SqliPass.run(data, input, quote, dialect);
  }

  /** The raw token stream of one context (for the tokenizer conformance tests). */
  Tokenizer tokenizer(byte[] input, QuoteContext quote, Dialect dialect) {
    return new Tokenizer(data, input, quote, dialect);
  }

  /** The folder over one context (for the folding conformance tests). */
  Folder folder(byte[] input, QuoteContext quote, Dialect dialect) {
    return new Folder(data, tokenizer(input, quote, dialect));
  }

  private boolean isSqli(SqliPass pass, byte[] input) {
    return pass.length() > 0 && data.isBlacklisted(pass.packedFingerprint())
        && FalsePositiveFilter.confirms(pass, input);
  }

  /** The input's bytes; a char above 0xFF (not a byte) becomes 0xFF, a word byte. */
  static byte[] bytes(String input) {
    // One pass that maps each char itself: cheaper on short values than the charset encoder plus a pass to repair
    // the '?' it writes for a char above 0xFF.
    byte[] out = new byte[input.length()];
    for (int i = 0; i < out.length; i++) {
      char c = input.charAt(i);
      out[i] = (byte) (c <= 0xFF ? c : 0xFF);
    }
    return out;
  }

  private static int indexOf(byte[] input, byte b) {
    for (int i = 0; i < input.length; i++) {
      if (input[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
