package io.meshward.waf.sqli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The libinjection tables: the class of every byte, the keyword table (word or phrase to token type) and the
 * fingerprint blacklist. Immutable once built. Loaded from {@value #RESOURCE}, which is generated from
 * libinjection's {@code sqlparse_data.json} (BSD-3-Clause, see {@code LICENSE-libinjection.txt}).
 */
final class SqliData {
  static final String RESOURCE = "/io/meshward/waf/sqli/sqli-data.txt";

  private final CharClass[] charmap;
  private final KeywordTable keywords;
  private final FingerprintSet fingerprints;
  private final boolean loneTokenIsNeverSqli;

  SqliData(CharClass[] charmap, Map<String, Character> keywords, Set<String> fingerprints) {
    if (charmap.length != 256 || Arrays.asList(charmap).contains(null)) {
      throw new IllegalArgumentException("the charmap needs a class for each of the 256 bytes");
    }
    this.charmap = charmap.clone();
    this.keywords = new KeywordTable(keywords);
    // Lookup upper-cases both sides, so 't' and 'T' collide; libinjection behaves the same way.
    this.fingerprints = new FingerprintSet(fingerprints);
    boolean anyBlacklisted = isBlacklisted("1") || isBlacklisted("n");
    for (char type : keywords.values()) {
      anyBlacklisted |= isBlacklisted(String.valueOf(type));
    }
    this.loneTokenIsNeverSqli = !anyBlacklisted;
  }

  /**
   * Whether no fingerprint of one token is blacklisted for a token that one word or one number can be: a number, a
   * bareword, or any keyword's type. libinjection's data blacklists only {@code X} (an unparsable token) among the
   * one-letter fingerprints, so an input that is a single word or number is never SQLi.
   */
  boolean loneTokenIsNeverSqli() {
    return loneTokenIsNeverSqli;
  }

  static SqliData loadDefault() {
    try (InputStream in = SqliData.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      return parse(new InputStreamReader(in, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Reads the resource format: {@code c <hex byte> <CLASS>}, {@code k <type> <WORD…>}, {@code f <fingerprint>}. */
  static SqliData parse(Reader reader) throws IOException {
    CharClass[] charmap = new CharClass[256];
    Map<String, Character> keywords = new HashMap<>();
    Set<String> fingerprints = new HashSet<>();
    BufferedReader lines = new BufferedReader(reader);
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.length() < 3 || line.charAt(1) != ' ') {
        throw new IOException("malformed line: " + line);
      }
      String rest = line.substring(2);
      switch (line.charAt(0)) {
        case 'c' -> {
          int space = rest.indexOf(' ');
          charmap[Integer.parseInt(rest.substring(0, space), 16)] = CharClass.valueOf(rest.substring(space + 1));
        }
        case 'k' -> keywords.put(rest.substring(2), rest.charAt(0));
        case 'f' -> fingerprints.add(rest);
        default -> throw new IOException("malformed line: " + line);
      }
    }
    return new SqliData(charmap, keywords, fingerprints);
  }

  CharClass classOf(int b) {
    return charmap[b & 0xFF];
  }

  /**
   * The keyword type of {@code word} (ASCII a–z upper-cased first), or {@link TokenType#NONE}. Words holding a NUL
   * never match, as in a C string comparison.
   */
  char keywordType(String word) {
    return keywords.type(word);
  }

  /** {@link #keywordType(String)} of the bytes {@code b[from, to)}. */
  char keywordType(byte[] b, int from, int to) {
    return keywords.type(b, from, to);
  }

  /** {@link #keywordType(String)} of the phrase {@code first + " " + second}, built only by the caller on a hit. */
  char phraseType(Token first, Token second) {
    return keywords.phraseType(first, second);
  }

  boolean isBlacklisted(String fingerprint) {
    if (fingerprint.isEmpty() || fingerprint.length() > Folder.MAX_TOKENS) {
      return false;
    }
    long code = 0;
    for (int i = 0; i < fingerprint.length(); i++) {
      code = FingerprintSet.append(code, fingerprint.charAt(i));
    }
    return isBlacklisted(code);
  }

  /** Whether a fingerprint packed by {@link FingerprintSet#append} is in the blacklist (ASCII case ignored). */
  boolean isBlacklisted(long packedFingerprint) {
    return fingerprints.contains(packedFingerprint);
  }

  /** Upper-cases a–z only; every other char is kept (locale-independent, unlike {@link String#toUpperCase()}). */
  static String upperAscii(String s) {
    char[] chars = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        if (chars == null) {
          chars = s.toCharArray();
        }
        chars[i] = (char) (c - 0x20);
      }
    }
    return chars == null ? s : new String(chars);
  }
}
