package io.meshward.waf.sqli;

import io.meshward.waf.operators.InjectionDetector;
import java.nio.charset.StandardCharsets;
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
    if (input == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(fingerprintIfSqli(bytes(input)));
  }

  /** {@link #detect(String)} over raw bytes; {@code null} when not SQLi. */
  String fingerprintIfSqli(byte[] input) {
    if (input.length == 0) {
      return null;
    }
    // The contexts in libinjection's order; the first confirmed hit wins. Each pass is judged before the next
    // one reuses the folder's tokens.
    Folder folder = new Folder(data);
    SqliPass pass = SqliPass.run(folder, data, input, QuoteContext.NONE, Dialect.ANSI);
    if (isSqli(pass, input)) {
      return pass.fingerprint();
    }
    if (pass.sawMysqlComment()) {
      pass = SqliPass.run(folder, data, input, QuoteContext.NONE, Dialect.MYSQL);
      if (isSqli(pass, input)) {
        return pass.fingerprint();
      }
    }
    if (contains(input, (byte) '\'')) {
      pass = SqliPass.run(folder, data, input, QuoteContext.SINGLE, Dialect.ANSI);
      if (isSqli(pass, input)) {
        return pass.fingerprint();
      }
      if (pass.sawMysqlComment()) {
        pass = SqliPass.run(folder, data, input, QuoteContext.SINGLE, Dialect.MYSQL);
        if (isSqli(pass, input)) {
          return pass.fingerprint();
        }
      }
    }
    if (contains(input, (byte) '"')) {
      pass = SqliPass.run(folder, data, input, QuoteContext.DOUBLE, Dialect.MYSQL);
      if (isSqli(pass, input)) {
        return pass.fingerprint();
      }
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
    String fp = pass.fingerprint();
    return !fp.isEmpty() && data.isBlacklisted(fp) && FalsePositiveFilter.confirms(pass, input);
  }

  /** The input's bytes; a char above 0xFF (not a byte) becomes 0xFF, a word byte. */
  static byte[] bytes(String input) {
    // The JDK copies a Latin-1 string's bytes in bulk; it writes '?' for a char above 0xFF, put right here.
    byte[] out = input.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < out.length; i++) {
      if (out[i] == '?' && input.charAt(i) != '?') {
        out[i] = (byte) 0xFF;
      }
    }
    return out;
  }

  private static boolean contains(byte[] input, byte b) {
    for (byte x : input) {
      if (x == b) {
        return true;
      }
    }
    return false;
  }
}
